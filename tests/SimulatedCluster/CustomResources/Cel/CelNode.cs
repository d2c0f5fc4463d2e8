namespace MetricsOperator.SimulatedCluster.CustomResources.Cel;

/// <summary>The syntax tree of the CEL subset the stand-in evaluates.</summary>
internal abstract record CelNode;

internal sealed record CelLiteral(object? Value) : CelNode;

internal sealed record CelIdentifier(string Name) : CelNode;

internal sealed record CelSelect(CelNode Target, string Field) : CelNode;

internal sealed record CelIndex(CelNode Target, CelNode Index) : CelNode;

internal sealed record CelUnary(string Operator, CelNode Operand) : CelNode;

internal sealed record CelBinary(string Operator, CelNode Left, CelNode Right) : CelNode;

internal sealed record CelConditional(CelNode Condition, CelNode Then, CelNode Else) : CelNode;

internal sealed record CelList(IReadOnlyList<CelNode> Items) : CelNode;

/// <summary>A global call (<c>has(x)</c>, <c>size(x)</c>, <c>duration(s)</c>) or a receiver call (<c>s.contains(t)</c>), including the macros all/exists.</summary>
internal sealed record CelCall(CelNode? Target, string Function, IReadOnlyList<CelNode> Arguments) : CelNode;
