# syntax=docker/dockerfile:1
# Build: restore, build and publish the operator with the .NET SDK.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY api/MetricsOperator.Api.csproj api/
COPY operator/MetricsOperator.csproj operator/MetricsOperator.Runtime.props operator/
RUN dotnet restore operator/MetricsOperator.csproj
COPY api/ api/
COPY operator/ operator/
RUN dotnet publish operator/MetricsOperator.csproj -c Release -o /app --no-restore -nologo

# Run: the ASP.NET runtime image as a non-root user.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
USER $APP_UID
EXPOSE 4443
ENTRYPOINT ["dotnet", "metrics-operator.dll"]
CMD ["run"]
