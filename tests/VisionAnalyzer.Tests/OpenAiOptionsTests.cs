using Growbin.Ai;
using Growbin.TestSupport.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Growbin.VisionAnalyzer.Tests;

/// <summary>The shared <c>OpenAI</c> options (Growbin.Ai): an app's defaults, configuration over them, prices.</summary>
public sealed class OpenAiOptionsTests
{
    [Fact]
    public void The_apps_defaults_apply_and_configuration_overrides_them()
    {
        var options = Resolve(new Dictionary<string, string?>
        {
            ["OpenAI:Model"] = "gpt-4o",
            ["OpenAI:Pricing:InputPerMillion"] = "2.5",
        });

        options.Model.Should().Be("gpt-4o");
        options.MaxOutputTokens.Should().Be(123, "the app's default stays where configuration says nothing");
        options.Timeout.Should().Be(TimeSpan.FromSeconds(12));
        options.Pricing.InputPerMillion.Should().Be(2.5m);
        options.Pricing.OutputPerMillion.Should().Be(7m);
    }

    [Fact]
    public void Vision_analyzer_uses_gpt_4_1_for_30_s_and_300_tokens_at_its_configured_prices()
    {
        using var app = new GrowbinAppFactory<Program>();

        var options = app.Services.GetRequiredService<IOptions<OpenAiOptions>>().Value;

        options.Model.Should().Be("gpt-4.1");
        options.Timeout.Should().Be(TimeSpan.FromSeconds(30));
        options.MaxOutputTokens.Should().Be(300);
        options.Pricing.CostOf(1_000_000, 1_000_000).Should().Be(10.00m);
    }

    [Fact]
    public void A_call_is_priced_per_million_tokens_and_a_model_without_prices_has_no_cost()
    {
        new OpenAiPricing { InputPerMillion = 0.15m, OutputPerMillion = 0.60m }.CostOf(2_000, 500).Should().Be(0.0006m);
        new OpenAiPricing().CostOf(2_000, 500).Should().BeNull();
    }

    [Fact]
    public void An_empty_model_stops_the_app_at_start()
    {
        var start = () => StartupValidation.Run(s => s.AddOpenAi(o => o.Model = "gpt-4.1"), new Dictionary<string, string?> { ["OpenAI:Model"] = " " });

        start.Should().Throw<OptionsValidationException>().WithMessage("*OpenAI:Model*");
    }

    private static OpenAiOptions Resolve(Dictionary<string, string?> settings)
    {
        using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddOpenAi(o =>
            {
                o.Model = "gpt-4.1";
                o.Timeout = TimeSpan.FromSeconds(12);
                o.MaxOutputTokens = 123;
                o.Pricing = new OpenAiPricing { InputPerMillion = 1m, OutputPerMillion = 7m };
            })
            .BuildServiceProvider();
        return provider.GetRequiredService<IOptions<OpenAiOptions>>().Value;
    }
}
