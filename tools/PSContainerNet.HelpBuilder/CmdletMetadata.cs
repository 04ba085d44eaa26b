using System.Reflection;

namespace PSContainerNet.HelpBuilder;

/// <summary>How a parameter behaves in one parameter set.</summary>
public sealed record ParameterSetUse(string SetName, bool Mandatory, int? Position, bool ValueFromPipeline, bool ValueFromPipelineByPropertyName);

public sealed record ParameterMetadata(
    string Name,
    string TypeName,
    string TypeFullName,
    bool IsSwitch,
    IReadOnlyList<string> Aliases,
    bool SupportsWildcards,
    IReadOnlyList<ParameterSetUse> Sets,
    IReadOnlyList<string> EnumValues)
{
    public const string AllSets = "__AllParameterSets";

    public bool Mandatory => Sets.Any(s => s.Mandatory);

    public int? Position => Sets.Select(s => s.Position).FirstOrDefault(p => p is not null);

    /// <summary>platyPS wording: "True (ByPropertyName, ByValue)" or "False".</summary>
    public string PipelineInput
    {
        get
        {
            var kinds = new List<string>();
            if (Sets.Any(s => s.ValueFromPipelineByPropertyName)) kinds.Add("ByPropertyName");
            if (Sets.Any(s => s.ValueFromPipeline)) kinds.Add("ByValue");
            return kinds.Count == 0 ? "False" : $"True ({string.Join(", ", kinds)})";
        }
    }
}

public sealed record CmdletMetadata(
    string Verb,
    string Noun,
    string TypeFullName,
    bool SupportsShouldProcess,
    string ConfirmImpact,
    string? DefaultParameterSetName,
    IReadOnlyList<string> OutputTypes,
    IReadOnlyList<ParameterMetadata> Parameters)
{
    public string Name => $"{Verb}-{Noun}";

    /// <summary>The parameter sets this cmdlet has (one unnamed set when every parameter is in all sets).</summary>
    public IReadOnlyList<string> ParameterSets
    {
        get
        {
            var named = Parameters.SelectMany(p => p.Sets).Select(s => s.SetName).Where(s => s != ParameterMetadata.AllSets).Distinct().ToList();
            return named.Count == 0 ? [ParameterMetadata.AllSets] : named;
        }
    }
}

/// <summary>Reads cmdlets from a built assembly without loading it for execution (System.Reflection.MetadataLoadContext).</summary>
public sealed class CmdletAssembly : IDisposable
{
    private readonly MetadataLoadContext _context;

    public CmdletAssembly(string assemblyPath, string systemManagementAutomationPath)
    {
        string runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var paths = Directory.GetFiles(runtimeDir, "*.dll")
            .Concat(Directory.GetFiles(Path.GetDirectoryName(Path.GetFullPath(assemblyPath))!, "*.dll"))
            .Append(systemManagementAutomationPath)
            .GroupBy(Path.GetFileName)
            .Select(g => g.Last());
        _context = new MetadataLoadContext(new PathAssemblyResolver(paths), "System.Private.CoreLib");
        Assembly = _context.LoadFromAssemblyPath(Path.GetFullPath(assemblyPath));
        Automation = _context.LoadFromAssemblyPath(systemManagementAutomationPath);
    }

    public Assembly Assembly { get; }

    public Assembly Automation { get; }

    /// <summary>PowerShell's approved verbs: the constants of the Verbs* classes in System.Management.Automation.</summary>
    public IReadOnlySet<string> ApprovedVerbs =>
        Automation.GetExportedTypes()
            .Where(t => t.Namespace == "System.Management.Automation" && t.Name.StartsWith("Verbs", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);

    public IReadOnlyList<CmdletMetadata> Cmdlets()
    {
        var result = new List<CmdletMetadata>();
        foreach (Type type in Assembly.GetExportedTypes().Where(t => !t.IsAbstract))
        {
            CustomAttributeData? cmdlet = Attribute(type.GetCustomAttributesData(), "CmdletAttribute");
            if (cmdlet is null)
            {
                continue;
            }

            result.Add(new CmdletMetadata(
                (string)cmdlet.ConstructorArguments[0].Value!,
                (string)cmdlet.ConstructorArguments[1].Value!,
                type.FullName!,
                Named(cmdlet, "SupportsShouldProcess") is true,
                Named(cmdlet, "ConfirmImpact") is int impact ? ((string[])["None", "Low", "Medium", "High"])[impact] : "Medium",
                Named(cmdlet, "DefaultParameterSetName") as string,
                type.GetCustomAttributesData()
                    .Where(a => a.AttributeType.Name == "OutputTypeAttribute")
                    .SelectMany(a => a.ConstructorArguments)
                    .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(m => m.Value) : [arg.Value])
                    .Select(v => v is Type t ? t.FullName! : v?.ToString() ?? string.Empty)
                    .ToList(),
                type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Select(ReadParameter)
                    .OfType<ParameterMetadata>()
                    .OrderBy(p => p.Position ?? int.MaxValue)
                    .ThenBy(p => p.Name, StringComparer.Ordinal)
                    .ToList()));
        }

        return result.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
    }

    public void Dispose() => _context.Dispose();

    private static ParameterMetadata? ReadParameter(PropertyInfo property)
    {
        var attributes = property.GetCustomAttributesData();
        var parameterAttributes = attributes.Where(a => a.AttributeType.Name == "ParameterAttribute").ToList();
        if (parameterAttributes.Count == 0)
        {
            return null;
        }

        Type type = property.PropertyType;
        Type underlying = type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1" ? type.GetGenericArguments()[0] : type;
        Type element = underlying.IsArray ? underlying.GetElementType()! : underlying;
        return new ParameterMetadata(
            property.Name,
            FriendlyName(underlying),
            underlying.FullName!,
            underlying.FullName == "System.Management.Automation.SwitchParameter",
            attributes.Where(a => a.AttributeType.Name == "AliasAttribute")
                .SelectMany(a => a.ConstructorArguments)
                .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(m => (string)m.Value!) : [(string)arg.Value!])
                .ToList(),
            attributes.Any(a => a.AttributeType.Name == "SupportsWildcardsAttribute"),
            parameterAttributes.Select(p => new ParameterSetUse(
                    Named(p, "ParameterSetName") as string ?? ParameterMetadata.AllSets,
                    Named(p, "Mandatory") is true,
                    Named(p, "Position") is int pos && pos >= 0 ? pos : null,
                    Named(p, "ValueFromPipeline") is true,
                    Named(p, "ValueFromPipelineByPropertyName") is true))
                .ToList(),
            element.IsEnum ? element.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.Name).ToList() : []);
    }

    /// <summary>The type name help shows: String[], Int32, SwitchParameter, MacvlanMode.</summary>
    private static string FriendlyName(Type t) => t.IsArray ? FriendlyName(t.GetElementType()!) + "[]" : t.Name;

    private static CustomAttributeData? Attribute(IEnumerable<CustomAttributeData> attributes, string name) =>
        attributes.FirstOrDefault(a => a.AttributeType.Name == name);

    private static object? Named(CustomAttributeData attribute, string name) =>
        attribute.NamedArguments.Where(n => n.MemberName == name).Select(n => n.TypedValue.Value).FirstOrDefault();
}
