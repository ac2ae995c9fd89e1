// The tasks drive ssh, sudo, initdb and pg_ctl and set Unix file modes: Linux (and other
// Unix) build machines only, like the product itself.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
