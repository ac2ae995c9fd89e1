// cocktaildb-ops is built for Linux hosts only (linux-x64, linux-arm64).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
