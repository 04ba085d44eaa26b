using System.Collections;
using System.Globalization;
using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Links;

namespace PSContainerNet.Engine.Labs;

/// <summary>One hashtable of a definition, read with case-insensitive keys; problems are collected, not thrown.</summary>
internal sealed class LabSection(IDictionary table, string where, List<string> problems)
{
    public string Where { get; } = where;

    /// <summary>Runs a check, keeping its engine error as a problem of <paramref name="where"/>.</summary>
    public static void Check(List<string> problems, Action check, string where)
    {
        try
        {
            check();
        }
        catch (EngineException e)
        {
            problems.Add($"{where}: {e.Message}");
        }
    }

    /// <summary>A value as invariant text ($true as 1, as sysctls want it).</summary>
    public static string Text(object? value) => value switch
    {
        bool b => b ? "1" : "0",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    public object? Value(string key)
    {
        foreach (DictionaryEntry entry in table)
        {
            if (string.Equals(Convert.ToString(entry.Key, CultureInfo.InvariantCulture), key, StringComparison.OrdinalIgnoreCase))
            {
                return entry.Value;
            }
        }

        return null;
    }

    public void AllowOnly(string[] keys)
    {
        foreach (object key in table.Keys)
        {
            string text = Convert.ToString(key, CultureInfo.InvariantCulture)!;
            if (!keys.Contains(text, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"{Where}: unknown key '{text}' (known: {string.Join(", ", keys)})");
            }
        }
    }

    public string? String(string key, bool required = false)
    {
        object? value = Value(key);
        if (value is null || value is string { Length: 0 })
        {
            if (required)
            {
                problems.Add($"{Where}: {key} is missing");
            }

            return null;
        }

        return Text(value);
    }

    /// <summary>$true/$false, or 1/0 and true/false as text; anything else is a problem, not a silent false.</summary>
    public bool Bool(string key)
    {
        object? value = Value(key);
        switch (value)
        {
            case null:
                return false;
            case bool b:
                return b;
        }

        string text = Text(value).Trim();
        if (text is "1" || text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("$true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (text is "0" || text.Equals("false", StringComparison.OrdinalIgnoreCase) || text.Equals("$false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        problems.Add($"{Where}: {key} '{text}' is not $true or $false");
        return false;
    }

    public int? Int(string key)
    {
        string? text = String(key);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value))
        {
            return value;
        }

        problems.Add($"{Where}: {key} '{text}' is not a whole number");
        return null;
    }

    public string LinkName(string key)
    {
        string? name = String(key, required: true);
        if (name is not null)
        {
            Check(problems, () => LinkNames.Validate(name), Where);
        }

        return name ?? string.Empty;
    }

    public IPPrefix? Prefix(string key, bool required = false)
    {
        string? text = String(key, required);
        if (text is null)
        {
            return null;
        }

        try
        {
            return IPPrefix.Parse(text);
        }
        catch (EngineException e)
        {
            problems.Add($"{Where}: {key}: {e.Message}");
            return null;
        }
    }

    /// <summary>One text or a list of texts.</summary>
    public IReadOnlyList<string> Strings(string key) => Value(key) switch
    {
        null => [],
        string one => [one],
        IEnumerable many => many.Cast<object?>().Select(Text).ToList(),
        var other => [Text(other)],
    };

    public IReadOnlyList<IPPrefix> Prefixes(string key) => (Value(key) switch
    {
        null => [],
        string s => [s],
        IEnumerable many => many.Cast<object?>().Select(Text),
        var one => [Text(one)],
    }).Select(text =>
    {
        try
        {
            return (IPPrefix?)IPPrefix.Parse(text);
        }
        catch (EngineException e)
        {
            problems.Add($"{Where}: {key}: {e.Message}");
            return null;
        }
    }).OfType<IPPrefix>().ToList();

    /// <summary>Each item of a list key (Bridges, Links, ...), which must be hashtables.</summary>
    public IEnumerable<LabSection> Items(string key)
    {
        object? value = Value(key);
        IEnumerable<object?> items = value switch
        {
            null => [],
            IDictionary single => [single],
            IEnumerable many and not string => many.Cast<object?>(),
            _ => [value],
        };
        int i = 0;
        foreach (object? item in items)
        {
            string where = $"{key}[{i++}]";
            if (item is IDictionary table)
            {
                yield return new LabSection(table, where, problems);
            }
            else
            {
                problems.Add($"{where}: expected a hashtable such as @{{ Node = 'box1'; ... }}");
            }
        }
    }
}
