// The product, its build tasks and these tests run on Linux only (Docker, ssh, Native AOT).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
