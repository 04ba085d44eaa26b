using System.Text.Json;
using System.Text.Json.Serialization;
using PSContainerNet.Engine.Docker;

namespace PSContainerNet.Engine.Labs;

/// <summary>
/// A container's or network's part of a definition as JSON, kept in a Docker label: the same text when the definition
/// is the same, and what makes the part again when a change that removed it is rolled back.
/// </summary>
internal static class LabSpecJson
{
    public static string Write(LabContainerSpec spec) => JsonSerializer.Serialize(spec, LabSpecJsonContext.Default.LabContainerSpec);

    public static string Write(LabNetworkSpec spec) => JsonSerializer.Serialize(spec, LabSpecJsonContext.Default.LabNetworkSpec);

    public static LabContainerSpec? ReadContainer(string? json) => Read(json, LabSpecJsonContext.Default.LabContainerSpec);

    public static LabNetworkSpec? ReadNetwork(string? json) => Read(json, LabSpecJsonContext.Default.LabNetworkSpec);

    private static T? Read<T>(string? json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : class
    {
        try
        {
            return json is null ? null : JsonSerializer.Deserialize(json, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LabContainerSpec))]
[JsonSerializable(typeof(LabNetworkSpec))]
internal sealed partial class LabSpecJsonContext : JsonSerializerContext;
