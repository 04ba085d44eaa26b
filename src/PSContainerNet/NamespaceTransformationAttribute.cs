using System.Management.Automation;
using PSContainerNet.Engine.Docker;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet;

/// <summary>
/// Lets -Namespace take a name, a path, or an object that names a namespace: a NetNamespace from
/// Get-NetNamespace, a NamespaceHandle, a link (its own namespace), or a running container (/proc/PID/ns/net).
/// </summary>
public sealed class NamespaceTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        object? value = inputData is PSObject ps ? ps.BaseObject : inputData;
        return value switch
        {
            NetNamespace ns => ns.Name,
            NamespaceHandle handle => handle.Reference,
            NetLink link => link.Namespace,
            Container { Namespace: string path } => path,
            Container stopped => throw new ArgumentTransformationMetadataException(
                $"container '{stopped.Name}' is {stopped.State ?? "not running"}: only a running container has a network namespace"),
            _ => inputData,
        };
    }
}
