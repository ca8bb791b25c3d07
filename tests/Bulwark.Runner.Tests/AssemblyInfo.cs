// The runner's tests start real bubblewrap sandboxes and Linux processes.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
