using Dapr.Workflow;
using Growbin.Contracts.Pipeline;
using Growbin.Knowledge;
using Growbin.ServiceDefaults.Problems;

namespace Growbin.RuleRetriever;

/// <summary>
/// The pipeline's <c>rules</c> step, a Dapr Workflow activity. No state: the answer depends only on the classification,
/// the region, the language and the embedded dataset, so running it again returns the same rule. A region that names no
/// 시·도 (a profile written before regions were checked) is the national rule, not a failure. A refusal means the input can never succeed,
/// and the scan fails instead of retrying.
/// </summary>
public sealed class RulesActivity(RuleResolver resolver) : WorkflowActivity<RulesRequest, StepResult<DisposalRule>>
{
    public static readonly string UnknownClassification = ProblemTypes.For(ActivityFailures.UnknownClassification);

    public const int MaxItemNameLength = 100;

    public override Task<StepResult<DisposalRule>> RunAsync(WorkflowActivityContext context, RulesRequest request)
    {
        var classification = request?.Classification;
        var errors = Validate(classification);
        if (errors.Count > 0)
        {
            return Task.FromResult(StepRefusals.Invalid<DisposalRule>(errors));
        }

        var region = RegionName.TryParse(request!.Region, out var parsed) ? parsed : null;
        var language = TextLanguages.FromTag(request.Language) ?? TextLanguage.Ko;
        return Task.FromResult(resolver.Resolve(classification!, region, language) is { } rule
            ? StepResult<DisposalRule>.Ok(rule)
            : StepResult<DisposalRule>.Refused(UnknownClassification,
                $"Category '{classification!.Category}' is not a dataset category and '{classification.ItemName}' names no item."));
    }

    private static Dictionary<string, string[]> Validate(Classification? classification)
    {
        var errors = new Dictionary<string, string[]>();
        if (classification is null)
        {
            errors["classification"] = ["The classification is required."];
            return errors;
        }

        if (classification.Materials is null || classification.Condition is null)
        {
            errors["materials"] = ["materials and condition are required lists (empty when none)."];
        }

        if (string.IsNullOrWhiteSpace(classification.Category))
        {
            errors["category"] = ["category is required."];
        }

        if (string.IsNullOrWhiteSpace(classification.ItemName) || classification.ItemName.Length > MaxItemNameLength)
        {
            errors["itemName"] = [$"itemName is required and at most {MaxItemNameLength} characters."];
        }

        if (classification.Confidence is < 0 or > 1 || double.IsNaN(classification.Confidence))
        {
            errors["confidence"] = ["confidence must be between 0 and 1."];
        }

        return errors;
    }
}
