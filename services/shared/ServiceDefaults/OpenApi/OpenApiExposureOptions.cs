using Microsoft.Extensions.Hosting;

namespace Growbin.ServiceDefaults.OpenApi;

/// <summary>
/// Configuration section <c>OpenApi</c>: whether the app serves its OpenAPI document (<c>/openapi/v1.json</c>) and
/// the API reference page (<c>/scalar</c>). They describe every route, so in Production they are served only when
/// <c>OpenApi:Enabled</c> is <c>true</c>; elsewhere unless it is <c>false</c>.
/// </summary>
public sealed class OpenApiExposureOptions
{
    public const string SectionName = "OpenApi";

    public bool? Enabled { get; set; }

    public bool IsEnabledIn(IHostEnvironment environment) => Enabled ?? !environment.IsProduction();
}
