using System.Text.Encodings.Web;
using System.Text.Unicode;
using Growbin.ServiceDefaults.Authentication;
using Growbin.ServiceDefaults.Data;
using Growbin.ServiceDefaults.Health;
using Growbin.ServiceDefaults.Limits;
using Growbin.ServiceDefaults.Networking;
using Growbin.ServiceDefaults.OpenApi;
using Growbin.ServiceDefaults.Problems;
using Growbin.ServiceDefaults.RateLimiting;
using Growbin.ServiceDefaults.Sidecar;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;
using Scalar.AspNetCore;

namespace Growbin.ServiceDefaults;

/// <summary>
/// What every Growbin app shares: Dapr client, probes, Prometheus metrics with a start-up self-check,
/// ProblemDetails, JSON logs, OpenAPI with an API reference page, JWT validation, per-user rate limiting and the Dapr
/// app API token on sidecar-only routes.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public const string HealthPath = "/healthz";
    public const string ReadinessPath = "/readyz";
    public const string ApiReferencePath = "/scalar";

    private const string LiveTag = "live";
    private const string ReadyTag = "ready";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var identity = AppIdentity.For(builder.Environment.ApplicationName);
        var services = builder.Services;
        services.AddSingleton(identity);

        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });

        services.AddDaprClient();
        services.AddSingleton<PostgresBinding>();
        services.AddHostedService<DaprSidecarStartupProbe>();

        // Korean text goes out as UTF-8, not as \uXXXX escapes; HTML-significant characters are still escaped.
        // A body missing a required field or sending null for a non-nullable one is a 400, not a half-filled record.
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
            o.SerializerOptions.RespectNullableAnnotations = true;
            o.SerializerOptions.RespectRequiredConstructorParameters = true;
        });
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemDetailsDefaults.Customize);
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestExceptionHandler>();

        services.AddRequestLimits();

        services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), tags: [LiveTag])
            .AddCheck<DaprSidecarHealthCheck>("dapr-sidecar", tags: [ReadyTag])
            .AddCheck<MetricsEndpointHealthCheck>("metrics-endpoint", tags: [ReadyTag]);
        services.AddTransient<IStartupFilter, MetricsEndpointStartupCheck>();

        services.AddOptions<OpenApiExposureOptions>().BindConfiguration(OpenApiExposureOptions.SectionName);
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = $"Growbin {identity.AppId}";
            return Task.CompletedTask;
        }));

        services.AddOptions<JwtValidationOptions>().BindConfiguration(JwtValidationOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISigningKeySource, JwksSigningKeySource>();
        services.AddSingleton<TokenDenylist>();
        services.AddSingleton<AccessTokenValidator>();
        services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, configureOptions: null)
            .AddScheme<AppApiTokenOptions, AppApiTokenHandler>(AppApiTokenHandler.SchemeName, configureOptions: null);
        services.AddAppApiTokenOptions();
        services.AddAuthorization();

        services.AddOptions<TrustedProxyOptions>().BindConfiguration(TrustedProxyOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TrustedProxyOptions>, TrustedProxyValidation>();
        services.AddSingleton<IConfigureOptions<ForwardedHeadersOptions>, ConfigureForwardedHeaders>();

        services.AddOptions<PerUserRateLimitOptions>().BindConfiguration(PerUserRateLimitOptions.SectionName);
        services.AddRateLimiter(RateLimiterSetup.Configure);
        services.AddStreamSlots();

        return builder;
    }

    /// <summary>
    /// The shared middleware and endpoints. Probes and metrics are mapped in every environment; the OpenAPI document
    /// and the API reference in Production only when configured (<see cref="OpenApiExposureOptions"/>).
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestTimeouts();
        app.UseMiddleware<SidecarRouteLimitsMiddleware>();
        LogSidecarRouteProtection(app);
        app.UseMiddleware<SidecarOnlyMiddleware>();
        app.UseCloudEvents();
        app.UseHttpMetrics();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapHealthChecks(HealthPath, new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains(LiveTag),
            ResponseWriter = WriteHealthReportAsync,
        });
        app.MapHealthChecks(ReadinessPath, new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains(ReadyTag),
            ResponseWriter = WriteHealthReportAsync,
        });
        app.MapMetrics(MetricsEndpoint.Path);
        if (app.Services.GetRequiredService<IOptions<OpenApiExposureOptions>>().Value.IsEnabledIn(app.Environment))
        {
            app.MapOpenApi();
            app.MapScalarApiReference(ApiReferencePath);
        }

        app.MapSubscribeHandler().RequireSidecar();
        return app;
    }

    private static void LogSidecarRouteProtection(WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptionsMonitor<AppApiTokenOptions>>().Get(AppApiTokenHandler.SchemeName);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SidecarRoutes).FullName!);
        if (options.IsConfigured)
        {
            logger.LogInformation("Sidecar-only routes require the Dapr app API token ({Key} is set)", AppApiTokenOptions.ConfigurationKey);
        }
        else // never in Production: AppApiTokenValidation refuses to start there without it
        {
            logger.LogInformation("Sidecar-only routes are open: no Dapr app API token is configured ({Key})", AppApiTokenOptions.ConfigurationKey);
        }
    }

    private static Task WriteHealthReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        });
    }
}
