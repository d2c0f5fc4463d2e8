using MetricsOperator.Serving.Authentication;

namespace MetricsOperator.Tests.Serving.Authentication.Testing;

/// <summary>An <see cref="IAuthenticationConfigSource"/> the test sets directly, e.g. to rotate a CA mid-test.</summary>
internal sealed class TestAuthenticationConfigSource(AuthenticationConfig initial) : IAuthenticationConfigSource
{
    private AuthenticationConfig _current = initial;

    public AuthenticationConfig Current
    {
        get => Volatile.Read(ref _current);
        set => Volatile.Write(ref _current, value);
    }

    public bool HasSynced => true;
}
