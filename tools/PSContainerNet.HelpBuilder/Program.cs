using PSContainerNet.HelpBuilder;

// help-builder maml     <docs-folder> <output.xml>
// help-builder markdown <docs-folder> <module.dll> <System.Management.Automation.dll>
//   (creates or updates one platyPS page per cmdlet, keeping the prose people wrote)
if (args.Length >= 3 && args[0] == "maml")
{
    var pages = Directory.GetFiles(args[1], "*-*.md").Order(StringComparer.Ordinal).Select(f => CmdletHelp.Parse(File.ReadAllText(f)));
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(args[2]))!);
    MamlWriter.Write(pages).Save(args[2]);
    return 0;
}

if (args.Length >= 4 && args[0] == "markdown")
{
    using var assembly = new CmdletAssembly(args[2], args[3]);
    string module = Path.GetFileNameWithoutExtension(args[2]);
    Directory.CreateDirectory(args[1]);
    foreach (CmdletMetadata cmdlet in assembly.Cmdlets())
    {
        string path = Path.Combine(args[1], cmdlet.Name + ".md");
        CmdletHelp? existing = File.Exists(path) ? CmdletHelp.Parse(File.ReadAllText(path)) : null;
        File.WriteAllText(path, CmdletHelp.Render(cmdlet, existing, module));
        Console.WriteLine((existing is null ? "created " : "updated ") + path);
    }

    return 0;
}

Console.Error.WriteLine("usage: help-builder maml <docs> <out.xml> | markdown <docs> <module.dll> <System.Management.Automation.dll>");
return 2;
