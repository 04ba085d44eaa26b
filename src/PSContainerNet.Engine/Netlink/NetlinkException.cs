using PSContainerNet.Engine.Native;

namespace PSContainerNet.Engine.Netlink;

/// <summary>An NLMSG_ERROR answer (or a failed socket call) with the kernel's own extended-ACK text.</summary>
public sealed class NetlinkException : EngineException
{
    public NetlinkException(string operation, int errno, string? kernelMessage, object? target = null)
        : base(KindOf(errno), Compose(operation, errno, kernelMessage), target)
    {
        Operation = operation;
        Errno = errno;
        KernelMessage = kernelMessage;
    }

    public string Operation { get; }

    /// <summary>The positive errno value (17 for EEXIST).</summary>
    public int Errno { get; }

    public string ErrnoName => Libc.ErrnoName(Errno);

    /// <summary>NLMSGERR_ATTR_MSG from the kernel, when it gave one.</summary>
    public string? KernelMessage { get; }

    /// <summary>The kernel's answer without the operation: "Operation not supported (EOPNOTSUPP)", for messages that name the operation themselves.</summary>
    public string Reason => ReasonOf(Errno, KernelMessage);

    private static string ReasonOf(int errno, string? kernelMessage) =>
        $"{(string.IsNullOrEmpty(kernelMessage) ? Libc.ErrnoText(errno) : kernelMessage)} ({Libc.ErrnoName(errno)})";

    private static string Compose(string operation, int errno, string? kernelMessage)
    {
        string text = $"{operation}: {ReasonOf(errno, kernelMessage)}";
        return errno is Libc.EPERM or Libc.EACCES
            ? text + ". This needs CAP_NET_ADMIN (run as root)."
            : text;
    }

    private static EngineErrorKind KindOf(int errno) => errno switch
    {
        Libc.EEXIST => EngineErrorKind.AlreadyExists,
        Libc.ENODEV or Libc.ENOENT or Libc.ESRCH or Libc.EADDRNOTAVAIL => EngineErrorKind.NotFound,
        Libc.EPERM or Libc.EACCES => EngineErrorKind.PermissionDenied,
        Libc.EOPNOTSUPP => EngineErrorKind.NotSupported,
        Libc.EBUSY => EngineErrorKind.Busy,
        Libc.EINVAL or Libc.ERANGE or Libc.ENAMETOOLONG or Libc.ENETUNREACH => EngineErrorKind.InvalidArgument,
        _ => EngineErrorKind.Other,
    };
}
