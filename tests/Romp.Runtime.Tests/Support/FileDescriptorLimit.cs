using System.Runtime.InteropServices;

namespace Romp.Tests.Support;

/// <summary>The process's limit on open files (RLIMIT_NOFILE), which child processes inherit; raised only when a test needs more.</summary>
public static class FileDescriptorLimit
{
    private const int RlimitNoFile = 7; // Linux

    /// <summary>
    /// Makes sure at least <paramref name="needed"/> descriptors may be open, raising the soft limit toward the hard one
    /// if it is lower; returns the soft limit in force. Off Linux it changes nothing and returns -1.
    /// </summary>
    public static long EnsureAtLeast(long needed)
    {
        if (!OperatingSystem.IsLinux())
            return -1;
        if (getrlimit(RlimitNoFile, out RLimit limit) != 0)
            Assert.Fail($"getrlimit failed: errno {Marshal.GetLastPInvokeError()}");
        if ((long)limit.Current >= needed)
            return (long)limit.Current;
        Assert.That((long)limit.Maximum, Is.GreaterThanOrEqualTo(needed), $"the hard limit on open files is {limit.Maximum}: {needed} are needed");
        var raised = new RLimit { Current = (ulong)needed, Maximum = limit.Maximum };
        if (setrlimit(RlimitNoFile, in raised) != 0)
            Assert.Fail($"setrlimit failed: errno {Marshal.GetLastPInvokeError()}");
        return needed;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrlimit(int resource, out RLimit limit);

    [DllImport("libc", SetLastError = true)]
    private static extern int setrlimit(int resource, in RLimit limit);

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }
}
