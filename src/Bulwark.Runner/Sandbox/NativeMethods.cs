using System.Runtime.InteropServices;

namespace Bulwark.Runner.Sandbox;

/// <summary>The few libc calls .NET has no API for: signalling a process group, changing a file's owner, reading rlimits.</summary>
internal static partial class NativeMethods
{
    public const int SigKill = 9;

    /// <summary>RLIMIT_* numbers of Linux on x86-64 and arm64.</summary>
    public const int RlimitCore = 4;
    public const int RlimitNproc = 6;
    public const int RlimitNofile = 7;

    [StructLayout(LayoutKind.Sequential)]
    public struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static extern int Kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "lchown", SetLastError = true)]
    public static extern int LChown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int owner, int group);

    [DllImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    public static extern int GetRLimit(int resource, out RLimit limit);
}
