// The simulated host is a Linux container driven with docker, ssh and ansible-playbook.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
