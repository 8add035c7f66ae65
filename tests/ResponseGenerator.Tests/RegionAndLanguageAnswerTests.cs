using Growbin.Contracts.Pipeline;
using Growbin.Knowledge;
using Microsoft.Extensions.Options;
using static Growbin.ResponseGenerator.Tests.Rules;

namespace Growbin.ResponseGenerator.Tests;

/// <summary>Answers in English, and answers that give a region's own rule first with the national rule after it.</summary>
public sealed class RegionAndLanguageAnswerTests
{
    private readonly AnswerComposer _composer = new(Options.Create(new RespondOptions()));

    public static TheoryData<string> ItemIds => new(Data.Items.Select(i => i.Id));

    [Theory]
    [MemberData(nameof(ItemIds))]
    public void Every_item_gets_an_English_answer_that_names_it_and_lists_its_English_steps(string itemId)
    {
        var item = Data.FindItem(itemId)!;
        var rule = ForItemIn(itemId, null, TextLanguage.En);

        var answer = _composer.Compose(new RespondRequest("t", Seen(rule), rule, null));

        answer.Language.Should().Be("en");
        answer.NeedsClarification.Should().BeFalse();
        answer.ItemName.Should().Be(item.NameEn);
        answer.Summary.Should().StartWith(item.NameEn + ": put it out as ").And.EndWith(".");
        answer.Steps.Should().HaveCount(item.Steps.Count);
        for (var i = 0; i < answer.Steps.Count; i++)
        {
            answer.Steps[i].Should().StartWith(item.StepsIn(TextLanguage.En)[i].Trim().TrimEnd('.'));
            answer.Message.Should().Contain($"\n{i + 1}. {answer.Steps[i]}");
        }

        answer.Message.Should().NotContain("\n\n\n").And.Contain("How to put it out:");
    }

    [Fact]
    public void An_English_answer_with_an_applied_exception_says_why_and_where_it_goes_instead()
    {
        var (item, exception) = Data.Items
            .SelectMany(i => i.Exceptions.Where(e => e.Condition == ItemConditions.Contaminated).Select(e => (i, e)))
            .First();
        var rule = ForItemIn(item.Id, null, TextLanguage.En, ItemConditions.Contaminated);

        var answer = _composer.Compose(new RespondRequest("t", Seen(rule, conditions: ItemConditions.Contaminated), rule, null));

        answer.Summary.Should().StartWith("This ");
        answer.Message.Should().Contain("The photo shows dirt that is hard to wash off")
            .And.Contain(Data.FindCategory(exception.CategoryId)!.NameEn.ToLowerInvariant()[1..]);
    }

    [Fact]
    public void A_hedged_English_answer_asks_which_item_it_is()
    {
        var rule = ForItemIn("milk-carton", null, TextLanguage.En, lowConfidence: true, alternativeIds: ["sterilized-carton"]);

        var answer = _composer.Compose(new RespondRequest("t", Seen(rule), rule, "is this paper?"));

        answer.NeedsClarification.Should().BeTrue();
        answer.Summary.Should().Be("This looks like a milk carton, but I am not sure.");
        answer.ClarifyingQuestion.Should().StartWith("Which is it: milk carton, ");
        answer.Message.Should().Contain("If it is a milk carton, put it out like this:").And.Contain("You asked: “is this paper?”");
    }

    [Fact]
    public void A_weak_English_guess_asks_for_a_retake_and_states_no_rule()
    {
        var rule = ForItemIn("milk-carton", null, TextLanguage.En, lowConfidence: true);

        var answer = _composer.Compose(new RespondRequest("t", Seen(rule, confidence: 0.1), rule, null));

        answer.Summary.Should().Be("I can't tell from the photo what this is.");
        answer.Steps.Should().BeEmpty();
        answer.Message.Should().Contain("Tips for the new photo:");
    }

    [Fact]
    public void In_Seoul_the_answer_gives_Seouls_rule_says_whose_it_is_and_then_the_national_rule()
    {
        var pills = Data.FindItem("pills")!;
        var rule = ForItemIn("pills", "서울특별시 강남구", TextLanguage.Ko);

        var answer = _composer.Compose(new RespondRequest("t", Seen(rule), rule, null));

        answer.Message.Should().Contain("서울특별시 기준 안내예요.");
        answer.DropOff.Should().Contain("우체통");
        answer.Message.IndexOf("서울특별시 기준", StringComparison.Ordinal)
            .Should().BeLessThan(answer.Message.IndexOf("다른 지역(전국 기준)", StringComparison.Ordinal), "the local rule comes first");
        answer.Message.Should().Contain("전국 기준으로 가져갈 곳: " + pills.DropOff);
        answer.Message.Should().NotContain("시·군·구마다 배출 규칙이", "the region's own rule needs no check-your-district line");
    }

    [Fact]
    public void In_English_the_Seoul_rule_is_introduced_as_the_rule_in_Seoul()
    {
        var rule = ForItemIn("pills", "Seoul", TextLanguage.En);

        var answer = _composer.Compose(new RespondRequest("t", Seen(rule), rule, null));

        answer.Message.Should().Contain("This is the rule in Seoul.").And.Contain("Elsewhere in Korea (the national rule): put it out as ");
    }

    [Fact]
    public void Elsewhere_an_item_whose_rule_differs_says_so_and_gives_the_other_rule()
    {
        var item = Data.Items.First(i => i.LocalNote is not null);
        var rule = ForItemIn(item.Id, "부산광역시", TextLanguage.Ko);

        var answer = _composer.Compose(new RespondRequest("t", Seen(rule), rule, null));

        rule.Scope.Should().Be(RuleScopes.National);
        answer.Message.Should().Contain("시·군·구마다 배출 규칙이").And.Contain("지역에 따라: " + item.LocalNote);
    }
}
