using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using PSContainerNet.HelpBuilder;

namespace PSContainerNet.Module.Tests;

/// <summary>
/// The cmdlet layer's contract, checked on the built assembly through MetadataLoadContext: approved verbs,
/// OutputType, ShouldProcess, pipeline binding, the manifest's exports, format views and help.
/// </summary>
public sealed class ModuleContractTests : IDisposable
{
    private static readonly string[] ReadOnlyVerbs = ["Get", "Test", "Find", "Search", "Show", "Measure", "Resolve", "Compare", "Export", "Watch"];
    private readonly CmdletAssembly _assembly;
    private readonly IReadOnlyList<CmdletMetadata> _cmdlets;

    public ModuleContractTests()
    {
        string sma = typeof(ModuleContractTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "SystemManagementAutomation").Value!;
        _assembly = new CmdletAssembly(Path.Combine(AppContext.BaseDirectory, "PSContainerNet.dll"), sma);
        _cmdlets = _assembly.Cmdlets();
    }

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "PSContainerNet.psd1")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("PSContainerNet.psd1 not found above " + AppContext.BaseDirectory);
        }
    }

    public void Dispose() => _assembly.Dispose();

    /// <summary>The cmdlets that talk to Docker take -DockerHost where the netlink ones take -Namespace (labs span several namespaces).</summary>
    private static bool IsDocker(CmdletMetadata c) => c.Noun is "Container" or "ContainerNetwork" or "MacvlanNetwork" or "ContainerSwarm" or "ContainerSwarmNode" or "ContainerCommand";

    [Fact]
    public void The_assembly_defines_the_cmdlets()
    {
        Assert.True(_cmdlets.Count >= 13, "expected the foundation's cmdlets, found " + _cmdlets.Count);
    }

    [Fact]
    public void Every_verb_is_approved()
    {
        var approved = _assembly.ApprovedVerbs;
        Assert.Contains("Get", approved);
        Assert.All(_cmdlets, c => Assert.True(approved.Contains(c.Verb), $"{c.Name}: '{c.Verb}' is not an approved verb"));
    }

    [Fact]
    public void Every_cmdlet_declares_its_output_type()
    {
        Assert.All(_cmdlets, c => Assert.True(c.OutputTypes.Count > 0, $"{c.Name} has no [OutputType]"));
    }

    [Fact]
    public void Every_state_change_supports_ShouldProcess()
    {
        Assert.All(_cmdlets.Where(c => !ReadOnlyVerbs.Contains(c.Verb)),
            c => Assert.True(c.SupportsShouldProcess, $"{c.Name} changes state but has no SupportsShouldProcess"));
    }

    [Fact]
    public void Set_cmdlets_offer_PassThru()
    {
        Assert.All(_cmdlets.Where(c => c.Verb == "Set"), c => Assert.Contains(c.Parameters, p => p.Name == "PassThru" && p.IsSwitch));
    }

    [Fact]
    public void Every_cmdlet_takes_Namespace_bound_by_property_name()
    {
        Assert.All(_cmdlets.Where(c => !IsDocker(c) && !c.Noun.StartsWith("NetLab", StringComparison.Ordinal)), c =>
        {
            var ns = c.Parameters.SingleOrDefault(p => p.Name == (c.Noun == "NetNamespace" ? "Name" : "Namespace"));
            Assert.True(ns is not null, $"{c.Name} has no -Namespace");
            Assert.True(ns!.Sets.All(s => s.ValueFromPipelineByPropertyName), $"{c.Name}: -{ns.Name} does not bind by property name");
        });
    }

    [Fact]
    public void Every_Docker_cmdlet_takes_DockerHost_bound_by_property_name()
    {
        var docker = _cmdlets.Where(IsDocker).ToList();
        Assert.True(docker.Count >= 9, "expected the Docker cmdlets, found " + docker.Count);
        Assert.All(docker, c =>
        {
            var host = c.Parameters.SingleOrDefault(p => p.Name == "DockerHost");
            Assert.True(host is not null, $"{c.Name} has no -DockerHost");
            Assert.True(host!.Sets.All(s => s.ValueFromPipelineByPropertyName), $"{c.Name}: -DockerHost does not bind by property name");
        });
    }

    [Fact]
    public void Container_and_network_parameters_accept_objects_and_complete_names()
    {
        var expected = new Dictionary<string, string>
        {
            ["Container"] = "ContainerTransformationAttribute",
            ["Network"] = "ContainerNetworkTransformationAttribute",
        };
        int checkedCount = 0;
        foreach (Type type in _assembly.Assembly.GetExportedTypes().Where(t => !t.IsAbstract && t.Name.EndsWith("Command", StringComparison.Ordinal)))
        {
            foreach (PropertyInfo p in type.GetProperties().Where(p => expected.ContainsKey(p.Name)))
            {
                var attributes = p.GetCustomAttributesData().Select(a => a.AttributeType.Name).ToList();
                Assert.True(attributes.Contains(expected[p.Name]), $"{type.Name}.{p.Name} lacks [{expected[p.Name]}]");
                Assert.True(attributes.Contains("ArgumentCompleterAttribute"), $"{type.Name}.{p.Name} lacks a completer");
                checkedCount++;
            }
        }

        Assert.True(checkedCount >= 5, "expected -Container/-Network parameters, found " + checkedCount);
    }

    [Fact]
    public void Namespace_parameters_accept_objects_and_complete_names()
    {
        foreach (Type type in _assembly.Assembly.GetExportedTypes().Where(t => !t.IsAbstract && t.Name.EndsWith("Command", StringComparison.Ordinal)))
        {
            foreach (PropertyInfo p in type.GetProperties().Where(p => p.Name.EndsWith("Namespace", StringComparison.Ordinal)))
            {
                var attributes = p.GetCustomAttributesData().Select(a => a.AttributeType.Name).ToList();
                Assert.True(attributes.Contains("NamespaceTransformationAttribute"), $"{type.Name}.{p.Name} lacks [NamespaceTransformation]");
                Assert.True(attributes.Contains("ArgumentCompleterAttribute"), $"{type.Name}.{p.Name} lacks a completer");
            }
        }
    }

    [Fact]
    public void Manifest_exports_exactly_the_cmdlets_the_assembly_defines()
    {
        string manifest = File.ReadAllText(Path.Combine(RepositoryRoot, "PSContainerNet.psd1"));
        Match block = Regex.Match(manifest, @"CmdletsToExport\s*=\s*@\((?<list>[^)]*)\)");
        Assert.True(block.Success, "CmdletsToExport not found");
        var exported = Regex.Matches(block.Groups["list"].Value, @"'([^']+)'").Select(m => m.Groups[1].Value).Order().ToList();
        Assert.Equal(_cmdlets.Select(c => c.Name).Order(), exported);
        Assert.Matches(@"RootModule\s*=\s*'PSContainerNet\.dll'", manifest);
        Assert.Matches(@"PowerShellVersion\s*=\s*'7\.4'", manifest);
        Assert.Matches(@"CompatiblePSEditions\s*=\s*@\('Core'\)", manifest);
        Assert.Matches(@"FunctionsToExport\s*=\s*@\(\)", manifest);
        Assert.Matches(@"AliasesToExport\s*=\s*@\(\)", manifest);
    }

    [Fact]
    public void Every_output_type_has_a_format_view()
    {
        var doc = XDocument.Load(Path.Combine(RepositoryRoot, "PSContainerNet.Format.ps1xml"));
        var viewed = doc.Descendants("TypeName").Select(t => t.Value).ToHashSet();
        // PowerShell formats its own types (String, Boolean); the module's types need views.
        foreach (string type in _cmdlets.SelectMany(c => c.OutputTypes).Where(t => !t.StartsWith("System.", StringComparison.Ordinal)).Distinct())
        {
            Assert.True(viewed.Contains(type), $"no format view for {type}");
        }
    }

    [Fact]
    public void Help_markdown_is_in_sync_with_the_assembly()
    {
        // A page that differs from its re-rendering has stale syntax or parameter fields:
        // run `dotnet run --project tools/PSContainerNet.HelpBuilder -- markdown docs/en-US <dll> <sma>`.
        string docs = Path.Combine(RepositoryRoot, "docs", "en-US");
        foreach (CmdletMetadata cmdlet in _cmdlets)
        {
            string path = Path.Combine(docs, cmdlet.Name + ".md");
            Assert.True(File.Exists(path), $"no help page {path}");
            string text = File.ReadAllText(path);
            Assert.Equal(CmdletHelp.Render(cmdlet, CmdletHelp.Parse(text), "PSContainerNet"), text);
        }
    }

    [Fact]
    public void Help_is_complete_valid_MAML_for_every_cmdlet_and_parameter()
    {
        var pages = Directory.GetFiles(Path.Combine(RepositoryRoot, "docs", "en-US"), "*-*.md").Select(f => CmdletHelp.Parse(File.ReadAllText(f))).ToList();
        XDocument maml = XDocument.Parse(MamlWriter.Write(pages).ToString());
        XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        XNamespace maml_ = "http://schemas.microsoft.com/maml/2004/10";
        Assert.Equal("helpItems", maml.Root!.Name.LocalName);
        Assert.Equal("maml", maml.Root.Attribute("schema")?.Value);

        foreach (CmdletMetadata cmdlet in _cmdlets)
        {
            XElement? entry = maml.Root.Elements(command + "command")
                .SingleOrDefault(c => c.Element(command + "details")?.Element(command + "name")?.Value == cmdlet.Name);
            Assert.True(entry is not null, $"MAML has no entry for {cmdlet.Name}");
            string synopsis = entry!.Element(command + "details")!.Element(maml_ + "description")!.Value;
            Assert.False(string.IsNullOrWhiteSpace(synopsis), $"{cmdlet.Name} has no synopsis");
            Assert.True(entry.Descendants(command + "example").Count() >= 2, $"{cmdlet.Name} needs at least two examples");
            var documented = entry.Element(command + "parameters")!.Elements(command + "parameter")
                .ToDictionary(p => p.Element(maml_ + "name")!.Value, p => p.Element(maml_ + "description")!.Value);
            foreach (ParameterMetadata p in CmdletHelp.AllParameters(cmdlet))
            {
                Assert.True(documented.TryGetValue(p.Name, out string? text) && text.Trim().Length > 0, $"{cmdlet.Name} -{p.Name} is not documented");
            }

            Assert.All(CmdletHelp.Placeholders, placeholder => Assert.DoesNotContain(placeholder, entry.ToString()));
            Assert.NotEmpty(entry.Element(command + "syntax")!.Elements(command + "syntaxItem"));
        }
    }

    [Fact]
    public void About_topic_exists()
    {
        string about = File.ReadAllText(Path.Combine(RepositoryRoot, "en-US", "about_PSContainerNet.help.txt"));
        Assert.Contains("about_PSContainerNet", about);
        Assert.All(_cmdlets.Where(c => c.Noun is "NetNamespace" or "VethPair" or "Container" or "ContainerNetwork" or "MacvlanNetwork" || c.Noun.StartsWith("NetLab", StringComparison.Ordinal)), c => Assert.Contains(c.Name, about));
    }

}
