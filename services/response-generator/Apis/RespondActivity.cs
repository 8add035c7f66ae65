using Dapr.Workflow;
using Growbin.Contracts.Pipeline;
using Growbin.ServiceDefaults.Problems;

namespace Growbin.ResponseGenerator;

/// <summary>
/// The pipeline's <c>respond</c> step, a Dapr Workflow activity: the scan's answer, composed from the rule. No state and
/// no model call: the answer depends only on the request, so running it again returns the same answer. A refusal means
/// the input can never succeed, and the scan fails instead of retrying.
/// </summary>
public sealed class RespondActivity(AnswerComposer composer) : WorkflowActivity<RespondRequest, StepResult<ScanAnswer>>
{
    public const int MaxItemNameLength = 100;

    public override Task<StepResult<ScanAnswer>> RunAsync(WorkflowActivityContext context, RespondRequest request)
    {
        var errors = Validate(request);
        return Task.FromResult(errors.Count > 0 ? StepRefusals.Invalid<ScanAnswer>(errors) : StepResult<ScanAnswer>.Ok(composer.Compose(request)));
    }

    private static Dictionary<string, string[]> Validate(RespondRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        var (classification, rule) = (request?.Classification, request?.Rule);
        if (request is null || classification is null || rule is null)
        {
            errors["request"] = ["taskId, classification and rule are required."];
            return errors;
        }

        Require(!string.IsNullOrWhiteSpace(request.TaskId), "taskId", "taskId is required.");
        Require(
            !string.IsNullOrWhiteSpace(classification.ItemName) && classification.ItemName.Length <= MaxItemNameLength,
            "classification.itemName",
            $"itemName is required and at most {MaxItemNameLength} characters.");
        Require(classification.Confidence is >= 0 and <= 1, "classification.confidence", "confidence must be between 0 and 1.");
        RequireCategory(rule.Category, "rule.category");
        Require(
            rule.Match != RuleMatch.Item || rule.Item is { NameKo: { } name } && !string.IsNullOrWhiteSpace(name),
            "rule.item",
            "An item-level rule needs its item with a Korean name.");
        RequireTexts(rule.Steps, "rule.steps");
        RequireTexts(rule.Cautions, "rule.cautions");
        Require(rule.DropOff is null || !string.IsNullOrWhiteSpace(rule.DropOff), "rule.dropOff", "dropOff is absent or not blank.");
        Require(
            rule.Alternatives is not null && rule.Alternatives.All(a => a is not null && !string.IsNullOrWhiteSpace(a.Id) && !string.IsNullOrWhiteSpace(a.NameKo)),
            "rule.alternatives",
            "Every alternative needs an id and a Korean name.");

        if (rule.AppliedException is { } applied)
        {
            RequireException(applied, "rule.appliedException");
        }

        Require(rule.OtherExceptions is not null, "rule.otherExceptions", "The list is required (empty when none).");
        for (var i = 0; i < (rule.OtherExceptions?.Count ?? 0); i++)
        {
            RequireException(rule.OtherExceptions![i], $"rule.otherExceptions[{i}]");
        }

        return errors;

        void Require(bool valid, string field, string message)
        {
            if (!valid)
            {
                errors[field] = [message];
            }
        }

        void RequireCategory(RuleCategory? category, string field)
        {
            Require(category is not null && !string.IsNullOrWhiteSpace(category.NameKo), field + ".nameKo", "The category needs a Korean name.");
            Require(category is not null && !string.IsNullOrWhiteSpace(category.Where), field + ".where", "The category needs where it goes.");
        }

        void RequireException(RuleException? exception, string field)
        {
            Require(exception is not null && !string.IsNullOrWhiteSpace(exception.When), field + ".when", "when is required.");
            RequireCategory(exception?.Category, field + ".category");
        }

        void RequireTexts(IReadOnlyList<string>? texts, string field)
        {
            Require(texts is not null, field, "The list is required (empty when there is nothing to say).");
            for (var i = 0; i < (texts?.Count ?? 0); i++)
            {
                Require(!string.IsNullOrWhiteSpace(texts![i]), $"{field}[{i}]", "Every entry must be non-empty text.");
            }
        }
    }
}
