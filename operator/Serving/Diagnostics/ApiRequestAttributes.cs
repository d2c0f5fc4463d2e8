using System.Runtime.InteropServices;

namespace MetricsOperator.Serving.Diagnostics;

/// <summary>
/// What a request is, in the API server's metric terms. Values are constants from <see cref="ApiRequestClassifier"/>
/// so label sets stay bounded whatever path a caller sends.
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct ApiRequestAttributes(string Verb, string Group, string Version, string Resource, string Scope);
