namespace PSContainerNet.Engine;

/// <summary>Applies a change item by item, undoing the items already applied when one fails, so nothing is left half-made.</summary>
internal static class AllOrNothing
{
    internal static void Apply<T>(IReadOnlyList<T> items, Action<T> apply, Action<T> undo)
    {
        var applied = new List<T>();
        try
        {
            foreach (T item in items)
            {
                apply(item);
                applied.Add(item);
            }
        }
        catch
        {
            // The first failure is the one to report; an undo that fails too must not replace it.
            foreach (T item in applied)
            {
                try
                {
                    undo(item);
                }
                catch (EngineException)
                {
                }
            }

            throw;
        }
    }
}
