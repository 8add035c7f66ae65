namespace Growbin.ResponseGenerator;

/// <summary>response-generator's own registrations, kept out of Program.cs.</summary>
public static class Extensions
{
    public static IServiceCollection AddResponseGenerator(this IServiceCollection services)
    {
        services.AddOptions<RespondOptions>()
            .BindConfiguration(RespondOptions.SectionName)
            .Validate(o => o.IsValid, "Respond thresholds must be within 0–1, with RetakeThreshold ≤ ConfidenceThreshold.")
            .ValidateOnStart();
        services.AddSingleton<AnswerComposer>();
        return services;
    }
}
