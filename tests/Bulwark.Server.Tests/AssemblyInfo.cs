// Pipeline tests run jobs in real bubblewrap sandboxes, which exist only on Linux.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
