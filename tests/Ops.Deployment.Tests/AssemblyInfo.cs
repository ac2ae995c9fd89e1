// systemd, polkit and the hosts are Linux; so are the tools these tests run.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
