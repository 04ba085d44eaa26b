using System.Text;

namespace PSContainerNet.Engine.Links;

/// <summary>Interface-name rules of the kernel's dev_valid_name(), checked before anything is sent.</summary>
public static class LinkNames
{
    /// <summary>IFNAMSIZ (16) less the terminating NUL.</summary>
    public const int MaxLength = 15;

    public static void Validate(string? name, string role = "interface name")
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, $"the {role} cannot be empty", name);
        }

        int bytes = Encoding.UTF8.GetByteCount(name);
        if (bytes > MaxLength)
        {
            string size = bytes == name.Length ? $"{name.Length} characters" : $"{bytes} bytes in UTF-8";
            throw new EngineException(EngineErrorKind.InvalidArgument,
                $"{role} '{name}' is {size}; Linux allows at most {MaxLength}", name);
        }

        if (name is "." or "..")
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, $"{role} cannot be '{name}'", name);
        }

        foreach (char c in name)
        {
            if (c == '/' || c == ':' || c == '\0' || char.IsWhiteSpace(c))
            {
                string what = c switch
                {
                    '\0' => "NUL",
                    '/' or ':' => $"'{c}'",
                    _ => "whitespace",
                };
                throw new EngineException(EngineErrorKind.InvalidArgument,
                    $"{role} '{name.Replace("\0", "\\0")}' contains {what}; Linux interface names cannot contain '/', ':', whitespace or NUL", name);
            }
        }
    }
}
