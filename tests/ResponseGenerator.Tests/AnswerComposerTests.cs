using Growbin.Contracts.Pipeline;
using Microsoft.Extensions.Options;
using static Growbin.ResponseGenerator.Tests.Rules;

namespace Growbin.ResponseGenerator.Tests;

/// <summary>The composer over the whole dataset: every item, with and without each exception its photo could show.</summary>
public sealed class AnswerComposerTests
{
    private readonly AnswerComposer _composer = new(Options.Create(new RespondOptions()));

    public static TheoryData<string> ItemIds => new(Data.Items.Select(i => i.Id));

    [Theory]
    [MemberData(nameof(ItemIds))]
    public void Every_item_gets_a_confident_answer_that_names_it_and_lists_its_steps(string itemId)
    {
        var rule = ForItem(itemId);

        var answer = _composer.Compose(new RespondRequest("t", Seen(rule), rule, null));

        answer.NeedsClarification.Should().BeFalse();
        answer.Summary.Should().StartWith(rule.Item!.NameKo).And.EndWith("요.").And.NotContain("(는)");
        answer.Steps.Should().HaveCount(rule.Steps.Count);
        for (var i = 0; i < answer.Steps.Count; i++)
        {
            answer.Message.Should().Contain($"\n{i + 1}. {answer.Steps[i]}");
        }

        answer.Message.Should().NotContain("\n\n\n").And.NotContain("다.\n", "plain-style sentences are spoken in 해요체");
    }

    [Theory]
    [MemberData(nameof(ItemIds))]
    public void Every_exception_a_photo_can_show_is_explained_when_applied(string itemId)
    {
        var conditions = Data.FindItem(itemId)!.Exceptions.Select(e => e.Condition).OfType<string>().Distinct();

        foreach (var condition in conditions)
        {
            var rule = ForItem(itemId, condition);
            var answer = _composer.Compose(new RespondRequest("t", Seen(rule, conditions: condition), rule, null));

            answer.Message.Should().Contain("사진에서").And.Contain(Destination(rule.Category));
            answer.Summary.Should().StartWith("이 ");
        }
    }

    [Fact]
    public void Every_category_level_answer_hedges()
    {
        foreach (var category in Data.Categories)
        {
            var rule = ForCategory(category.Id, Data.Items.First(i => i.CategoryId == category.Id).Id);
            var answer = _composer.Compose(new RespondRequest("t", Seen(rule, confidence: 0.8, itemName: "무언가"), rule, null));

            answer.NeedsClarification.Should().BeTrue();
            answer.Summary.Should().Contain("처럼 보여요");
            answer.ClarifyingQuestion.Should().EndWith("다시 찍어 주세요.");
        }
    }

    private static string Destination(RuleCategory category) => category.Id switch
    {
        "general-waste" => "지자체 종량제 봉투에 버려요",
        "non-combustible" => "불연성 폐기물 전용 마대에 버려요",
        _ => category.NameKo,
    };
}
