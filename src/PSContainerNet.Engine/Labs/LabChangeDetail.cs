using System.Text.Json;
using System.Text.RegularExpressions;

namespace PSContainerNet.Engine.Labs;

/// <summary>A change's values as a person reads them: containers' and networks' JSON settings reduced to what differs.</summary>
internal static partial class LabChangeDetail
{
    public static string Of(NetLabChangeAction action, string? from, string? to) => action switch
    {
        NetLabChangeAction.Modify => Settings(from) is { } before && Settings(to) is { } after
            ? string.Join(", ", before.Keys.Union(after.Keys).Where(k => before.GetValueOrDefault(k) != after.GetValueOrDefault(k))
                .Select(k => $"{k}: {before.GetValueOrDefault(k) ?? "-"} -> {after.GetValueOrDefault(k) ?? "-"}"))
            : $"{Readable(from)} -> {Readable(to)}",
        NetLabChangeAction.Add => Summary(to),
        _ => Summary(from),
    };

    private static string Summary(string? value) => Settings(value) is { } settings
        ? string.Join(", ", settings.Where(s => s.Key != "Name").Select(s => $"{s.Key}: {s.Value}"))
        : Readable(value);

    /// <summary>A value without the words a definition leaves to the kernel ("dev *", "metric *").</summary>
    private static string Readable(string? value) => value is null ? string.Empty : AnyWord().Replace(value, string.Empty);

    [GeneratedRegex(@" [a-z]+ \*(?= |$)")]
    private static partial Regex AnyWord();

    /// <summary>The settings of a JSON object, each as compact text; null for any other value.</summary>
    private static Dictionary<string, string>? Settings(string? value)
    {
        if (value is null || !value.StartsWith('{'))
        {
            return null;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(value);
            return document.RootElement.EnumerateObject()
                .Where(p => p.Value.ValueKind is not (JsonValueKind.Null or JsonValueKind.False) && p.Value.ToString() is not ("[]" or "{}"))
                .ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText());
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
