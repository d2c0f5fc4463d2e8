namespace MetricsOperator.Kubernetes.Selectors;

/// <summary>The comparison one <see cref="LabelRequirement"/> applies to a label.</summary>
internal enum LabelSelectorOperator
{
    /// <summary><c>key=value</c> or <c>key==value</c>: the label is present with that value.</summary>
    Equal,

    /// <summary><c>key!=value</c>: the label is absent or has another value.</summary>
    NotEqual,

    /// <summary><c>key in (a,b)</c>: the label is present with one of the values.</summary>
    In,

    /// <summary><c>key notin (a,b)</c>: the label is absent or has none of the values.</summary>
    NotIn,

    /// <summary><c>key</c>: the label is present.</summary>
    Exists,

    /// <summary><c>!key</c>: the label is absent.</summary>
    DoesNotExist,

    /// <summary><c>key&gt;n</c>: the label is an integer greater than n.</summary>
    GreaterThan,

    /// <summary><c>key&lt;n</c>: the label is an integer less than n.</summary>
    LessThan,
}
