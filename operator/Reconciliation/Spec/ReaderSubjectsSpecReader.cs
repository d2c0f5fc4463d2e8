using k8s.Models;
using MetricsOperator.Api.V1Alpha1;

namespace MetricsOperator.Reconciliation.Spec;

/// <summary>
/// Reads <c>spec.access.extraReaderSubjects</c> with the rules the API server applies to RoleBinding subjects, so
/// a bad subject is reported on the MetricsBackend rather than as a failed apply: ServiceAccounts have a namespace
/// and no apiGroup; Users and Groups get apiGroup rbac.authorization.k8s.io (filled in when left out).
/// </summary>
internal static class ReaderSubjectsSpecReader
{
    public const string RbacGroup = "rbac.authorization.k8s.io";

    private const string Path = "spec.access.extraReaderSubjects";

    public static IReadOnlyList<Rbacv1Subject> Read(AccessSpec? spec, SpecErrors errors)
    {
        var subjects = spec?.ExtraReaderSubjects;
        if (subjects is null)
        {
            return [];
        }

        var result = new List<Rbacv1Subject>(subjects.Count);
        var seen = new HashSet<(string?, string?, string?)>();
        for (var i = 0; i < subjects.Count; i++)
        {
            var path = $"{Path}[{i}]";
            if (subjects[i] is not { } subject)
            {
                errors.Add(path, "must not be null");
                continue;
            }

            if (Read(subject, path, errors) is { } normalized && seen.Add((normalized.Kind, normalized.NamespaceProperty, normalized.Name)))
            {
                result.Add(normalized);
            }
        }

        return result;
    }

    private static Rbacv1Subject? Read(Rbacv1Subject subject, string path, SpecErrors errors)
    {
        if (string.IsNullOrEmpty(subject.Name))
        {
            errors.Add(path + ".name", "is required");
            return null;
        }

        switch (subject.Kind)
        {
            case "ServiceAccount":
                return ReadServiceAccount(subject, path, errors);
            case "User" or "Group":
                if (!string.IsNullOrEmpty(subject.ApiGroup) && subject.ApiGroup != RbacGroup)
                {
                    errors.Add(path + ".apiGroup", $"\"{subject.ApiGroup}\" is not valid for a {subject.Kind}; use {RbacGroup} or leave it out");
                    return null;
                }

                return new Rbacv1Subject { Kind = subject.Kind, Name = subject.Name, ApiGroup = RbacGroup };
            default:
                errors.Add(path + ".kind", $"\"{subject.Kind}\" is not one of ServiceAccount, User, Group");
                return null;
        }
    }

    private static Rbacv1Subject? ReadServiceAccount(Rbacv1Subject subject, string path, SpecErrors errors)
    {
        var before = errors.Count;
        if (!string.IsNullOrEmpty(subject.ApiGroup))
        {
            errors.Add(path + ".apiGroup", $"must be empty for a ServiceAccount, not \"{subject.ApiGroup}\"");
        }

        if (KubernetesNames.DescribeSubdomainProblem(subject.Name) is { } nameProblem)
        {
            errors.Add(path + ".name", $"\"{subject.Name}\" is not a valid ServiceAccount name: {nameProblem}");
        }

        if (string.IsNullOrEmpty(subject.NamespaceProperty))
        {
            errors.Add(path + ".namespace", "is required for a ServiceAccount");
        }
        else if (KubernetesNames.DescribeLabelProblem(subject.NamespaceProperty) is { } namespaceProblem)
        {
            errors.Add(path + ".namespace", $"\"{subject.NamespaceProperty}\" is not a valid namespace: {namespaceProblem}");
        }

        return errors.Count > before
            ? null
            : new Rbacv1Subject { Kind = "ServiceAccount", Name = subject.Name, NamespaceProperty = subject.NamespaceProperty };
    }
}
