using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using PSContainerNet.Engine;

namespace PSContainerNet.Commands;

/// <summary>A cmdlet that takes a lab definition: a PowerShell data file (-Path) or a hashtable (-Definition).</summary>
public abstract class NetLabDefinitionCmdlet : DockerCmdlet
{
    /// <summary>A PowerShell data file (.psd1) holding the definition.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Path")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The definition as a hashtable.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = "Definition")]
    public IDictionary Definition { get; set; } = new Hashtable();

    /// <summary>What errors name: the file, or nothing for a hashtable (its Name is in every message).</summary>
    protected string? DefinitionTarget => Path.Length > 0 ? Path : null;

    /// <summary>The definition as plain .NET values; null (the error written) when the file cannot be read.</summary>
    protected IDictionary? ReadDefinition() => (IDictionary?)Plain(ParameterSetName == "Path" ? ReadDataFile() : Definition);

    private IDictionary? ReadDataFile()
    {
        string file = GetUnresolvedProviderPathFromPSPath(Path);
        if (!File.Exists(file))
        {
            WriteEngineError(new EngineException(EngineErrorKind.NotFound, $"lab definition '{file}' does not exist", Path), Path);
            return null;
        }

        // Parsed, never run: values are taken only where they are constants, as Import-PowerShellDataFile takes them.
        ScriptBlockAst dataFile = Parser.ParseFile(file, out _, out ParseError[] errors);
        if (errors.Length > 0)
        {
            ParseError first = errors[0];
            return Unreadable(file, $"lab definition {file}, line {first.Extent.StartLineNumber}, column {first.Extent.StartColumnNumber}: {first.Message}" +
                (errors.Length > 1 ? $" (and {errors.Length - 1} more syntax error(s))" : string.Empty));
        }

        if (dataFile.EndBlock?.Statements is not [PipelineAst { PipelineElements: [CommandExpressionAst { Expression: HashtableAst table }] }] ||
            dataFile.BeginBlock is not null || dataFile.ProcessBlock is not null || dataFile.ParamBlock is not null)
        {
            return Unreadable(file, $"lab definition {file} must hold one hashtable, @{{ Name = ...; Nodes = ... }}, and nothing else");
        }

        try
        {
            return (IDictionary)table.SafeGetValue();
        }
        catch (InvalidOperationException e)
        {
            return Unreadable(file, $"lab definition {file}, line {table.Extent.StartLineNumber}: only constant values are allowed in a data file, and it is never run: {e.Message}");
        }
    }

    private IDictionary? Unreadable(string file, string message)
    {
        WriteError(new ErrorRecord(new InvalidDataException(message), "LabDefinitionUnreadable", ErrorCategory.InvalidData, file));
        return null;
    }

    /// <summary>The definition as plain .NET values (hashtables, arrays, strings), PowerShell's wrappers removed.</summary>
    private static object? Plain(object? value) => (value is PSObject ps ? ps.BaseObject : value) switch
    {
        IDictionary table => table.Cast<DictionaryEntry>().Aggregate(new Hashtable(StringComparer.OrdinalIgnoreCase), (h, e) =>
        {
            h[e.Key] = Plain(e.Value);
            return h;
        }),
        string text => text,
        IEnumerable items => items.Cast<object?>().Select(Plain).ToArray(),
        var other => other,
    };
}
