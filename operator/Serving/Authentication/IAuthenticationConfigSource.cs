namespace MetricsOperator.Serving.Authentication;

/// <summary>
/// Supplies the current <see cref="AuthenticationConfig"/>; implementations publish a new snapshot when the CAs or
/// header settings change (a CA rotation takes effect on the next request, without a restart).
/// </summary>
internal interface IAuthenticationConfigSource
{
    /// <summary>The snapshot to use now; <see cref="AuthenticationConfig.Empty"/> until one has been loaded.</summary>
    AuthenticationConfig Current { get; }

    /// <summary>True once a first snapshot has been loaded (or its absence established), for readiness.</summary>
    bool HasSynced { get; }
}
