using MetricsOperator.SimulatedCluster.ControlPlane;

namespace MetricsOperator.SimulatedCluster.Security;

/// <summary>
/// The stand-in's security engine wired over one <see cref="IClusterState"/>: authentication, RBAC, the escalation
/// check, the review handlers and the ClusterRole aggregation controller. <see cref="Start"/> writes the bootstrap
/// policy and the extension-apiserver-authentication ConfigMap.
/// </summary>
internal sealed class ClusterSecurity : IDisposable
{
    private readonly IClusterState _state;

    public ClusterSecurity(IClusterState state, ClusterAuthorities authorities)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(authorities);
        _state = state;
        Authorities = authorities;
        Tokens = new ServiceAccountTokens();
        TokenAuthenticator = new ServiceAccountTokenAuthenticator(Tokens, state);
        Authenticator = new RequestAuthenticator(authorities, TokenAuthenticator);
        Rules = new RuleResolver(state);
        Authorizer = new RbacAuthorizer(Rules);
        Escalation = new EscalationCheck(Authorizer, Rules);
        TokenReviews = new TokenReviewHandler(TokenAuthenticator);
        SubjectAccessReviews = new SubjectAccessReviewHandler(Authorizer);
        Aggregation = new ClusterRoleAggregationController(state);
    }

    public ClusterAuthorities Authorities { get; }

    /// <summary>Mints ServiceAccount tokens (the sandbox's operator token).</summary>
    public ServiceAccountTokens Tokens { get; }

    public ServiceAccountTokenAuthenticator TokenAuthenticator { get; }

    public IRequestAuthenticator Authenticator { get; }

    public RuleResolver Rules { get; }

    public IRequestAuthorizer Authorizer { get; }

    public IEscalationCheck Escalation { get; }

    public TokenReviewHandler TokenReviews { get; }

    public SubjectAccessReviewHandler SubjectAccessReviews { get; }

    public ClusterRoleAggregationController Aggregation { get; }

    /// <summary>Writes the bootstrap RBAC objects and the authentication ConfigMap, then aggregates the ClusterRoles.</summary>
    public void Start()
    {
        BootstrapPolicy.Bootstrap(_state);
        _state.Upsert(Authorities.AuthenticationConfigMap());
        Aggregation.Reconcile();
    }

    public void Dispose() => Aggregation.Dispose();
}
