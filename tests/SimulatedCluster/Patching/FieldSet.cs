using System.Text.Json.Nodes;

namespace MetricsOperator.SimulatedCluster.Patching;

/// <summary>
/// A set of field paths in the fieldsV1 vocabulary of server-side apply (<c>f:name</c>, <c>k:{"name":"c"}</c>,
/// <c>v:"x"</c>, <c>.</c> for a list element itself). Paths are kept as '\n'-joined strings.
/// </summary>
internal sealed class FieldSet
{
    private static readonly string[] ServerOwnedMetadata =
        ["name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"];

    private readonly HashSet<string> _paths;

    public FieldSet(IEnumerable<string> paths) => _paths = new HashSet<string>(paths, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Paths => _paths;

    public bool IsEmpty => _paths.Count == 0;

    /// <summary>Every leaf field (and list element) an object sets: what applying it claims.</summary>
    public static FieldSet FromObject(JsonObject item)
    {
        var paths = new List<string>();
        foreach (var (key, value) in item)
        {
            if (key is "apiVersion" or "kind")
            {
                continue;
            }

            if (key == "metadata" && value is JsonObject meta)
            {
                var kept = new JsonObject([.. meta.Where(p => !ServerOwnedMetadata.Contains(p.Key)).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))]);
                if (kept.Count > 0)
                {
                    Walk("f:metadata", kept, paths);
                }

                continue;
            }

            Walk("f:" + key, value, paths);
        }

        return new FieldSet(paths);
    }

    public static FieldSet FromFieldsV1(JsonNode? fields)
    {
        var paths = new List<string>();
        void Visit(string prefix, JsonObject node)
        {
            foreach (var (key, child) in node)
            {
                var path = prefix.Length == 0 ? key : prefix + "\n" + key;
                if (child is JsonObject inner && inner.Count > 0)
                {
                    Visit(path, inner);
                }
                else
                {
                    paths.Add(path);
                }
            }
        }

        if (fields is JsonObject root)
        {
            Visit("", root);
        }

        return new FieldSet(paths);
    }

    public JsonObject ToFieldsV1()
    {
        var root = new JsonObject();
        foreach (var path in _paths.Order(StringComparer.Ordinal))
        {
            var node = root;
            foreach (var part in path.Split('\n'))
            {
                if (node[part] is not JsonObject next)
                {
                    next = [];
                    node[part] = next;
                }

                node = next;
            }
        }

        return root;
    }

    public FieldSet Except(FieldSet other) => new(_paths.Where(p => !other._paths.Contains(p)));

    public FieldSet Union(FieldSet other) => new(_paths.Concat(other._paths));

    public FieldSet Intersect(FieldSet other) => new(_paths.Where(other._paths.Contains));

    /// <summary>True when the set holds this path or anything beneath it.</summary>
    public bool Covers(string path) => _paths.Any(p => p == path || p.StartsWith(path + "\n", StringComparison.Ordinal));

    /// <summary>A path as kube-apiserver prints it in conflicts: <c>.spec.containers[name="c"].image</c>.</summary>
    public static string Display(string path)
    {
        var text = new System.Text.StringBuilder();
        foreach (var part in path.Split('\n'))
        {
            if (part.StartsWith("f:", StringComparison.Ordinal))
            {
                text.Append('.').Append(part[2..]);
            }
            else if (part.StartsWith("k:", StringComparison.Ordinal) && JsonNode.Parse(part[2..]) is JsonObject key)
            {
                text.Append('[').Append(string.Join(",", key.Select(p => $"{p.Key}={p.Value?.ToJsonString()}"))).Append(']');
            }
            else if (part.StartsWith("v:", StringComparison.Ordinal))
            {
                text.Append("[=").Append(part[2..]).Append(']');
            }
        }

        return text.ToString();
    }

    private static void Walk(string path, JsonNode? value, List<string> paths)
    {
        switch (value)
        {
            case JsonObject map when map.Count > 0:
                foreach (var (key, child) in map)
                {
                    Walk(path + "\nf:" + key, child, paths);
                }

                break;
            case JsonArray list when ListKeys.For(path, list) is { } keys:
                foreach (var element in list.OfType<JsonObject>())
                {
                    var elementPath = path + "\n" + ListKeys.Identify(element, keys);
                    paths.Add(elementPath + "\n.");
                    foreach (var (key, child) in element)
                    {
                        Walk(elementPath + "\nf:" + key, child, paths);
                    }
                }

                break;
            case JsonArray set when path.EndsWith("f:finalizers", StringComparison.Ordinal):
                paths.AddRange(set.Select(v => path + "\nv:" + v?.ToJsonString()));
                break;
            default:
                paths.Add(path);
                break;
        }
    }
}
