namespace PSContainerNet.Engine;

/// <summary>What went wrong, in terms a caller can map to its own error categories.</summary>
public enum EngineErrorKind
{
    Other,
    InvalidArgument,
    NotFound,
    AlreadyExists,
    PermissionDenied,
    NotSupported,
    Busy,

    /// <summary>A service (the Docker engine) could not be reached.</summary>
    ConnectionFailed,

    /// <summary>A service did not answer in time.</summary>
    Timeout,
}

/// <summary>An engine failure with a message a person can act on and the object it concerns.</summary>
public class EngineException : Exception
{
    public EngineException(EngineErrorKind kind, string message, object? target = null, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        Target = target;
    }

    public EngineErrorKind Kind { get; }

    /// <summary>The name or object the failure is about (a link name, a namespace name, ...).</summary>
    public object? Target { get; }
}
