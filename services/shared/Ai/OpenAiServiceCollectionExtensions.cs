using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Growbin.Ai;

public static class OpenAiServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="OpenAiOptions"/> and the shared <see cref="OpenAiChatClientSource"/>. <paramref name="defaults"/> runs
    /// before the <c>OpenAI</c> section is bound, so it holds this app's defaults and configuration still overrides
    /// them. The options are checked when the app starts.
    /// </summary>
    public static IServiceCollection AddOpenAi(this IServiceCollection services, Action<OpenAiOptions> defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        services.AddOptions<OpenAiOptions>()
            .Configure(defaults)
            .BindConfiguration(OpenAiOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Model), "OpenAI:Model must name a model.")
            .Validate(o => o.Timeout > TimeSpan.Zero, "OpenAI:Timeout must be positive.")
            .Validate(o => o.MaxOutputTokens > 0, "OpenAI:MaxOutputTokens must be positive.")
            .Validate(o => o.Pricing is { InputPerMillion: >= 0, OutputPerMillion: >= 0 }, "OpenAI:Pricing must not be negative.")
            .ValidateOnStart();
        services.TryAddSingleton<OpenAiChatClientSource>();
        return services;
    }
}
