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

    /// <summary>open(2) with O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC: never follows a final symlink, never blocks on a FIFO.</summary>
    public static int OpenNoFollow(string path)
    {
        var arm = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;
        const int NonBlock = 0x800, CloseOnExec = 0x80000;
        var noFollow = arm ? 0x8000 : 0x20000;
        return Open(path, NonBlock | noFollow | CloseOnExec);
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    public static extern int GetRLimit(int resource, out RLimit limit);
}
