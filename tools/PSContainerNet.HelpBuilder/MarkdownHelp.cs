using System.Text;

namespace PSContainerNet.HelpBuilder;

public sealed record HelpExample(string Title, string Code, string Remarks);

/// <summary>One parameter's help: people's text plus the platyPS yaml fields.</summary>
public sealed class ParameterHelp
{
    public required string Name { get; init; }

    public string Description { get; set; } = string.Empty;

    /// <summary>Type, Parameter Sets, Aliases, Accepted values, Required, Position, Default value, Accept pipeline input, Accept wildcard characters.</summary>
    public Dictionary<string, string> Fields { get; init; } = new(StringComparer.Ordinal);

    public string Field(string key) => Fields.TryGetValue(key, out string? v) ? v : string.Empty;
}

/// <summary>One cmdlet's help page in platyPS markdown (schema 2.0.0).</summary>
public sealed class CmdletHelp
{
    /// <summary>What a generated page says where a person still has to write.</summary>
    public static readonly string[] Placeholders = ["{{ Fill", "{{ Add"];

    public required string Name { get; init; }

    public string Synopsis { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public List<(string SetName, string Syntax)> Syntax { get; } = new();

    public List<HelpExample> Examples { get; } = new();

    public List<ParameterHelp> Parameters { get; } = new();

    public List<(string Type, string Description)> Inputs { get; } = new();

    public List<(string Type, string Description)> Outputs { get; } = new();

    public string Notes { get; set; } = string.Empty;

    public List<(string Text, string Uri)> RelatedLinks { get; } = new();

    public static CmdletHelp Parse(string markdown)
    {
        string[] lines = markdown.Replace("\r\n", "\n").Split('\n');
        CmdletHelp? help = null;
        string section = string.Empty;
        string? sub = null;
        var text = new StringBuilder();
        string? code = null;
        var fence = new StringBuilder();
        bool inFence = false;
        bool inFrontMatter = lines.Length > 0 && lines[0] == "---";

        void Flush()
        {
            if (help is null)
            {
                return;
            }

            string body = text.ToString().Trim();
            switch (section)
            {
                case "SYNOPSIS": help.Synopsis = body; break;
                case "DESCRIPTION": help.Description = body; break;
                case "NOTES": help.Notes = body; break;
                case "EXAMPLES" when sub is not null: help.Examples.Add(new HelpExample(sub, code ?? string.Empty, body)); break;
                case "PARAMETERS" when sub is not null && sub.StartsWith('-'):
                    help.Parameters.Last().Description = body;
                    break;
                case "INPUTS" when sub is not null: help.Inputs.Add((sub, body)); break;
                case "OUTPUTS" when sub is not null: help.Outputs.Add((sub, body)); break;
                case "RELATED LINKS":
                    foreach (string line in body.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith('[')))
                    {
                        int close = line.IndexOf("](", StringComparison.Ordinal);
                        if (close > 0 && line.EndsWith(')'))
                        {
                            help.RelatedLinks.Add((line[1..close], line[(close + 2)..^1]));
                        }
                    }

                    break;
            }

            text.Clear();
            code = null;
        }

        for (int i = inFrontMatter ? 1 : 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (inFrontMatter)
            {
                inFrontMatter = line != "---";
                continue;
            }

            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                if (!inFence)
                {
                    inFence = true;
                    fence.Clear();
                    continue;
                }

                inFence = false;
                string content = fence.ToString().TrimEnd('\n');
                if (section == "SYNTAX" && sub is not null)
                {
                    help!.Syntax.Add((sub, content));
                }
                else if (section == "PARAMETERS" && sub is not null && sub.StartsWith('-'))
                {
                    foreach (string field in content.Split('\n'))
                    {
                        int colon = field.IndexOf(':');
                        if (colon > 0)
                        {
                            help!.Parameters.Last().Fields[field[..colon].Trim()] = field[(colon + 1)..].Trim();
                        }
                    }
                }
                else if (section == "EXAMPLES")
                {
                    code = code is null ? content : code + "\n" + content;
                }

                continue;
            }

            if (inFence)
            {
                fence.Append(line).Append('\n');
                continue;
            }

            if (line.StartsWith("# ", StringComparison.Ordinal) && help is null)
            {
                help = new CmdletHelp { Name = line[2..].Trim() };
            }
            else if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                Flush();
                section = line[3..].Trim();
                sub = null;
            }
            else if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                Flush();
                sub = line[4..].Trim();
                if (section == "PARAMETERS" && sub.StartsWith('-'))
                {
                    help!.Parameters.Add(new ParameterHelp { Name = sub[1..] });
                }
            }
            else
            {
                text.Append(line).Append('\n');
            }
        }

        Flush();
        return help ?? throw new FormatException("no '# Verb-Noun' title in the markdown");
    }

    /// <summary>
    /// The page for <paramref name="cmdlet"/>: syntax and parameter fields come from the assembly, the
    /// prose from <paramref name="existing"/> (placeholders where there is none yet), like platyPS Update-MarkdownHelp.
    /// </summary>
    public static string Render(CmdletMetadata cmdlet, CmdletHelp? existing, string moduleName)
    {
        var md = new StringBuilder();
        md.Append("---\nexternal help file: ").Append(moduleName).Append(".dll-Help.xml\nModule Name: ").Append(moduleName)
          .Append("\nonline version:\nschema: 2.0.0\n---\n\n");
        md.Append("# ").Append(cmdlet.Name).Append("\n\n## SYNOPSIS\n")
          .Append(Or(existing?.Synopsis, "{{ Fill in the Synopsis }}")).Append("\n\n## SYNTAX\n");
        foreach (string set in cmdlet.ParameterSets)
        {
            string title = set == ParameterMetadata.AllSets ? "__AllParameterSets" : set;
            if (set == cmdlet.DefaultParameterSetName)
            {
                title += " (Default)";
            }

            md.Append("\n### ").Append(title).Append("\n```\n").Append(SyntaxLine(cmdlet, set)).Append("\n```\n");
        }

        md.Append("\n## DESCRIPTION\n").Append(Or(existing?.Description, "{{ Fill in the Description }}")).Append("\n\n## EXAMPLES\n");
        var examples = existing?.Examples.Count > 0 ? existing.Examples : [new HelpExample("Example 1", "PS C:\\> {{ Add example code here }}", "{{ Add example description here }}")];
        foreach (HelpExample example in examples)
        {
            md.Append("\n### ").Append(example.Title).Append("\n```powershell\n").Append(example.Code).Append("\n```\n\n").Append(example.Remarks).Append('\n');
        }

        md.Append("\n## PARAMETERS\n");
        foreach (ParameterMetadata p in AllParameters(cmdlet).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            string description = existing?.Parameters.FirstOrDefault(x => x.Name == p.Name)?.Description
                ?? CommonDescription(p.Name) ?? string.Empty;
            md.Append("\n### -").Append(p.Name).Append('\n').Append(Or(description, $"{{{{ Fill {p.Name} Description }}}}")).Append("\n\n```yaml\n");
            foreach (var (key, value) in Fields(cmdlet, p))
            {
                md.Append(key.Length == 0 ? "\n" : value.Length == 0 ? $"{key}:\n" : $"{key}: {value}\n");
            }

            md.Append("```\n");
        }

        md.Append("\n### CommonParameters\nThis cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable, -InformationAction, -InformationVariable, -OutVariable, -OutBuffer, -PipelineVariable, -ProgressAction, -Verbose, -WarningAction, and -WarningVariable. For more information, see [about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).\n");

        md.Append("\n## INPUTS\n");
        var inputs = existing?.Inputs.Count > 0 ? existing.Inputs : cmdlet.Parameters.Where(p => p.PipelineInput != "False").Select(p => (p.TypeFullName, string.Empty)).Distinct().ToList();
        foreach (var (type, description) in inputs.Count > 0 ? inputs : [("None", string.Empty)])
        {
            md.Append("\n### ").Append(type).Append('\n').Append(description).Append('\n');
        }

        md.Append("\n## OUTPUTS\n");
        var outputs = existing?.Outputs.Count > 0 ? existing.Outputs : cmdlet.OutputTypes.Select(t => (t, string.Empty)).ToList();
        foreach (var (type, description) in outputs)
        {
            md.Append("\n### ").Append(type).Append('\n').Append(description).Append('\n');
        }

        md.Append("\n## NOTES\n").Append(existing?.Notes ?? string.Empty).Append("\n\n## RELATED LINKS\n");
        foreach (var (text, uri) in existing?.RelatedLinks ?? [])
        {
            md.Append("\n[").Append(text).Append("](").Append(uri).Append(")\n");
        }

        return md.ToString().Replace("\n\n\n", "\n\n");
    }

    /// <summary>The cmdlet's own parameters plus -WhatIf/-Confirm when it supports ShouldProcess.</summary>
    public static IEnumerable<ParameterMetadata> AllParameters(CmdletMetadata cmdlet)
    {
        foreach (ParameterMetadata p in cmdlet.Parameters)
        {
            yield return p;
        }

        if (cmdlet.SupportsShouldProcess)
        {
            var all = new[] { new ParameterSetUse(ParameterMetadata.AllSets, false, null, false, false) };
            yield return new ParameterMetadata("Confirm", "SwitchParameter", "System.Management.Automation.SwitchParameter", true, ["cf"], false, all, []);
            yield return new ParameterMetadata("WhatIf", "SwitchParameter", "System.Management.Automation.SwitchParameter", true, ["wi"], false, all, []);
        }
    }

    public static string SyntaxLine(CmdletMetadata cmdlet, string set)
    {
        var parts = new List<string> { cmdlet.Name };
        var inSet = AllParameters(cmdlet)
            .Select(p => (p, use: p.Sets.FirstOrDefault(s => s.SetName == set) ?? p.Sets.FirstOrDefault(s => s.SetName == ParameterMetadata.AllSets)))
            .Where(x => x.use is not null)
            .OrderBy(x => x.use!.Position ?? int.MaxValue)
            .ThenBy(x => x.p.Name is "WhatIf" or "Confirm" ? 1 : 0)
            .ThenBy(x => x.p.Name, StringComparer.Ordinal);
        foreach (var (p, use) in inSet)
        {
            string name = use!.Position is null ? $"-{p.Name}" : $"[-{p.Name}]";
            string token = p.IsSwitch ? $"-{p.Name}" : $"{name} <{p.TypeName}>";
            parts.Add(use.Mandatory ? token : $"[{token}]");
        }

        parts.Add("[<CommonParameters>]");
        return string.Join(' ', parts);
    }

    private static IEnumerable<(string Key, string Value)> Fields(CmdletMetadata cmdlet, ParameterMetadata p)
    {
        var sets = p.Sets.Select(s => s.SetName).Distinct().ToList();
        yield return ("Type", p.TypeName);
        yield return ("Parameter Sets", sets.Contains(ParameterMetadata.AllSets) || cmdlet.ParameterSets.Count == 1 ? "(All)" : string.Join(", ", sets));
        yield return ("Aliases", string.Join(", ", p.Aliases));
        if (p.EnumValues.Count > 0)
        {
            yield return ("Accepted values", string.Join(", ", p.EnumValues));
        }

        yield return (string.Empty, string.Empty); // platyPS leaves a blank line here
        yield return ("Required", p.Mandatory ? "True" : "False");
        yield return ("Position", p.Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "Named");
        yield return ("Default value", p.IsSwitch ? "False" : "None");
        yield return ("Accept pipeline input", p.PipelineInput);
        yield return ("Accept wildcard characters", p.SupportsWildcards ? "True" : "False");
    }

    private static string? CommonDescription(string name) => name switch
    {
        "WhatIf" => "Shows what would happen if the cmdlet runs. The cmdlet is not run.",
        "Confirm" => "Prompts you for confirmation before running the cmdlet.",
        _ => null,
    };

    private static string Or(string? value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value;
}
