using Growbin.ResponseGenerator;
using Growbin.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddOptions<RespondOptions>()
    .BindConfiguration(RespondOptions.SectionName)
    .Validate(o => o.IsValid, "Respond thresholds must be within 0–1, with RetakeThreshold ≤ ConfidenceThreshold.")
    .ValidateOnStart();
builder.Services.AddSingleton<AnswerComposer>();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapRespondActivity();

app.Run();
