using System.ComponentModel;
using System.Runtime.InteropServices;

namespace MetricsOperator.Tests.Serving.Tls;

/// <summary>
/// rename(2), which replaces a symlink atomically as the kubelet does for Secret volumes; File.Move cannot move a
/// symlink that points at a directory.
/// </summary>
internal static class AtomicRename
{
    public static void Replace(string source, string destination)
    {
        if (rename(source, destination) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"rename {source} -> {destination}");
        }
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe blocks in the test project for one call.
    [DllImport("libc", SetLastError = true)]
    private static extern int rename([MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);
#pragma warning restore SYSLIB1054
}
