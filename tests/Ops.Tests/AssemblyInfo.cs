// The product and its tests run on Linux only (Docker, Native AOT for linux-x64/arm64).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
