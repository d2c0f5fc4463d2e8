namespace MetricsOperator.SimulatedCluster.Rest;

/// <summary>The response shape a client asked for in its Accept header.</summary>
internal enum OutputShape
{
    Object,
    Table,
    PartialObjectMetadata,
}

/// <summary>Negotiates <c>as=Table</c> and <c>as=PartialObjectMetadata[List]</c> (meta.k8s.io v1 and v1beta1) from Accept.</summary>
internal sealed record OutputFormat(OutputShape Shape, string MetaVersion)
{
    public static OutputFormat Negotiate(string? accept)
    {
        foreach (var clause in (accept ?? "").Split(','))
        {
            var parameters = clause.Split(';').Skip(1).Select(p => p.Split('=', 2)).Where(p => p.Length == 2)
                .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.Ordinal);
            var media = clause.Split(';')[0].Trim();
            if (media is not ("application/json" or "*/*" or "application/*"))
            {
                continue;
            }

            if (!parameters.TryGetValue("as", out var shape))
            {
                return new OutputFormat(OutputShape.Object, "v1");
            }

            if (parameters.GetValueOrDefault("g") != "meta.k8s.io" || parameters.GetValueOrDefault("v") is not ("v1" or "v1beta1"))
            {
                continue;
            }

            var version = parameters["v"];
            switch (shape)
            {
                case "Table":
                    return new OutputFormat(OutputShape.Table, version);
                case "PartialObjectMetadata" or "PartialObjectMetadataList":
                    return new OutputFormat(OutputShape.PartialObjectMetadata, version);
            }
        }

        return new OutputFormat(OutputShape.Object, "v1");
    }
}
