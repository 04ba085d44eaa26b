using System.Xml.Linq;

namespace PSContainerNet.HelpBuilder;

/// <summary>Renders help pages as MAML (Module.dll-Help.xml), the form Get-Help reads for binary modules.</summary>
public static class MamlWriter
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public static XDocument Write(IEnumerable<CmdletHelp> pages) =>
        new(new XDeclaration("1.0", "utf-8", null),
            new XElement(Msh + "helpItems", new XAttribute("schema", "maml"), pages.OrderBy(p => p.Name, StringComparer.Ordinal).Select(Command_)));

    private static XElement Command_(CmdletHelp help)
    {
        string[] verbNoun = help.Name.Split('-', 2);
        return new XElement(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XElement(Command + "details",
                new XElement(Command + "name", help.Name),
                new XElement(Command + "verb", verbNoun[0]),
                new XElement(Command + "noun", verbNoun.Length > 1 ? verbNoun[1] : string.Empty),
                Description(help.Synopsis)),
            Description(help.Description),
            new XElement(Command + "syntax", help.Syntax.Select(s => SyntaxItem(help, s.SetName))),
            new XElement(Command + "parameters", help.Parameters.Select(Parameter)),
            new XElement(Command + "inputTypes", help.Inputs.Select(i => new XElement(Command + "inputType", TypeOf(i.Type), Description(i.Description)))),
            new XElement(Command + "returnValues", help.Outputs.Select(o => new XElement(Command + "returnValue", TypeOf(o.Type), Description(o.Description)))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paragraphs(help.Notes))),
            new XElement(Command + "examples", help.Examples.Select(e => new XElement(Command + "example",
                new XElement(Maml + "title", $"-------------------------- {e.Title} --------------------------"),
                new XElement(Dev + "code", e.Code),
                new XElement(Dev + "remarks", Paragraphs(e.Remarks))))),
            new XElement(Command + "relatedLinks", help.RelatedLinks.Select(l => new XElement(Maml + "navigationLink",
                new XElement(Maml + "linkText", l.Text),
                new XElement(Maml + "uri", l.Uri.EndsWith(".md", StringComparison.Ordinal) ? string.Empty : l.Uri)))));
    }

    private static XElement SyntaxItem(CmdletHelp help, string setTitle)
    {
        string set = setTitle.Replace(" (Default)", string.Empty);
        var inSet = help.Parameters
            .Where(p => p.Field("Parameter Sets") is "(All)" || p.Field("Parameter Sets").Split(", ").Contains(set) || set == "__AllParameterSets")
            .OrderBy(p => int.TryParse(p.Field("Position"), out int pos) ? pos : int.MaxValue);
        return new XElement(Command + "syntaxItem", new XElement(Maml + "name", help.Name), inSet.Select(Parameter));
    }

    private static XElement Parameter(ParameterHelp p)
    {
        string type = p.Field("Type");
        bool isSwitch = type == "SwitchParameter";
        string aliases = p.Field("Aliases");
        var element = new XElement(Command + "parameter",
            new XAttribute("required", p.Field("Required").ToLowerInvariant() == "true" ? "true" : "false"),
            new XAttribute("variableLength", type.EndsWith("[]", StringComparison.Ordinal) ? "true" : "false"),
            new XAttribute("globbing", p.Field("Accept wildcard characters").ToLowerInvariant() == "true" ? "true" : "false"),
            new XAttribute("pipelineInput", p.Field("Accept pipeline input")),
            new XAttribute("position", p.Field("Position") is "Named" or "" ? "named" : p.Field("Position")),
            new XAttribute("aliases", aliases.Length == 0 ? "none" : aliases),
            new XElement(Maml + "name", p.Name),
            Description(p.Description));
        if (p.Field("Accepted values") is { Length: > 0 } accepted)
        {
            element.Add(new XElement(Command + "parameterValueGroup", accepted.Split(", ").Select(v =>
                new XElement(Command + "parameterValue", new XAttribute("required", "false"), new XAttribute("variableLength", "false"), v))));
        }

        if (!isSwitch)
        {
            element.Add(new XElement(Command + "parameterValue", new XAttribute("required", "true"), new XAttribute("variableLength", "false"), type));
        }

        element.Add(TypeOf(type), new XElement(Dev + "defaultValue", p.Field("Default value")));
        return element;
    }

    private static XElement TypeOf(string name) => new(Dev + "type", new XElement(Maml + "name", name), new XElement(Maml + "uri"));

    private static XElement Description(string text) => new(Maml + "description", Paragraphs(text));

    private static IEnumerable<XElement> Paragraphs(string text) =>
        text.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => new XElement(Maml + "para", p));
}
