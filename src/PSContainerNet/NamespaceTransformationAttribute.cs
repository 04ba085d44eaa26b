using System.Management.Automation;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet;

/// <summary>
/// Lets -Namespace take a name, a path, or an object that names a namespace: a NetNamespace from
/// Get-NetNamespace, a NamespaceHandle, or a link (its own namespace).
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
            _ => inputData,
        };
    }
}
