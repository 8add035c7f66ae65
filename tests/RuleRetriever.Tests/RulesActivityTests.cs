using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Growbin.Knowledge;
using Growbin.RuleRetriever;
using Growbin.ServiceDefaults.Problems;
using Growbin.TestSupport.Hosting;

namespace Growbin.RuleRetriever.Tests;

/// <summary>The rules activity run as the Dapr.Workflow worker runs it, in the app with the Dapr double as its sidecar.</summary>
public sealed class RulesActivityTests : IAsyncDisposable
{
    private static readonly KnowledgeBase Data = KnowledgeBase.Default;

    private readonly GrowbinAppFactory<Program> _factory = new();

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task The_models_item_id_gives_that_items_rule()
    {
        var rule = await ResolveAsync(Seen("paper-pack", "milk-carton", "우유팩"));

        rule.Match.Should().Be(RuleMatch.Item);
        rule.LowConfidence.Should().BeFalse();
        rule.Item!.Id.Should().Be("milk-carton");
        rule.Category.Id.Should().Be("paper-pack");
        rule.Steps.Should().Equal(Data.FindItem("milk-carton")!.Steps);
        rule.SourceIds.Should().NotBeEmpty();
        rule.DatasetVersion.Should().Be(Data.Version);
    }

    [Theory]
    [InlineData("영수증", "thermal-receipt")]
    [InlineData("영수중", "thermal-receipt")]
    [InlineData("깨진 유리", "broken-glass")]
    public async Task Without_an_id_the_models_words_find_the_item(string words, string expected)
    {
        var item = Data.FindItem(expected)!;

        var rule = await ResolveAsync(Seen(item.CategoryId, null, words));

        rule.Match.Should().Be(RuleMatch.Item);
        rule.Item!.Id.Should().Be(expected);
        rule.LowConfidence.Should().BeFalse();
    }

    [Fact]
    public async Task Words_that_name_no_item_fall_back_to_the_category_with_low_confidence()
    {
        var rule = await ResolveAsync(Seen("metal-can", null, "이상하게 생긴 물건"));

        rule.Match.Should().Be(RuleMatch.Category);
        rule.LowConfidence.Should().BeTrue();
        rule.Item.Should().BeNull();
        rule.Category.Id.Should().Be("metal-can");
        rule.Steps.Should().Equal(Data.FindCategory("metal-can")!.HowTo);
    }

    [Fact]
    public async Task A_weak_model_confidence_is_passed_on_as_low_confidence()
    {
        var rule = await ResolveAsync(Seen("paper-pack", "milk-carton", "우유팩", confidence: RuleResolver.ConfidenceThreshold - 0.01));

        rule.Item!.Id.Should().Be("milk-carton");
        rule.LowConfidence.Should().BeTrue();
    }

    [Fact]
    public async Task When_the_model_names_a_category_the_item_is_not_in_the_dataset_wins_but_hedges()
    {
        var rule = await ResolveAsync(Seen("paper", "thermal-receipt", "영수증"));

        rule.Category.Id.Should().Be(Data.FindItem("thermal-receipt")!.CategoryId);
        rule.LowConfidence.Should().BeTrue();
    }

    [Fact]
    public async Task An_unknown_item_id_is_looked_up_by_the_words_instead()
    {
        var rule = await ResolveAsync(Seen("paper-pack", "no-such-item", "우유팩"));

        rule.Item!.Id.Should().Be("milk-carton");
    }

    [Fact]
    public async Task A_condition_the_photo_shows_applies_the_matching_exception()
    {
        var (item, exception) = Data.Items
            .SelectMany(i => i.Exceptions.Where(e => e.Condition == ItemConditions.Contaminated).Select(e => (i, e)))
            .First();

        var rule = await ResolveAsync(Seen(item.CategoryId, item.Id, item.NameKo, conditions: [ItemConditions.Contaminated]));

        rule.AppliedException!.When.Should().Be(exception.When);
        rule.Category.Id.Should().Be(exception.CategoryId);
        rule.Steps.Should().Equal(Data.FindCategory(exception.CategoryId)!.HowTo);
        rule.OtherExceptions.Should().NotContain(e => e.When == exception.When);
    }

    [Fact]
    public async Task Without_the_condition_the_exception_is_only_mentioned()
    {
        var item = Data.Items.First(i => i.Exceptions.Count > 0);

        var rule = await ResolveAsync(Seen(item.CategoryId, item.Id, item.NameKo));

        rule.AppliedException.Should().BeNull();
        rule.Category.Id.Should().Be(item.CategoryId);
        rule.OtherExceptions.Select(e => e.When).Should().Equal(item.Exceptions.Select(e => e.When));
    }

    [Fact]
    public async Task The_same_classification_twice_gives_the_same_rule_and_stores_nothing()
    {
        var input = Seen("general-waste", null, "영수중");

        var first = await RunAsync(input);
        var second = await RunAsync(input);

        first.Failure.Should().BeNull();
        second.Should().BeEquivalentTo(first, o => o.WithStrictOrdering());
        _factory.Dapr.StateKeys(DaprComponents.StateStore).Should().BeEmpty();
    }

    [Fact]
    public async Task Nothing_in_the_dataset_fits_is_a_final_refusal()
    {
        var result = await RunAsync(Seen("spaceship-parts", null, "워프 코어"));

        ShouldBeRefused(result, RulesActivity.UnknownClassification);
        result.Failure!.Detail.Should().Contain("spaceship-parts").And.Contain("워프 코어");
    }

    [Theory]
    [InlineData("", "우유팩", 0.9, "category")]
    [InlineData(null, "우유팩", 0.9, "category")]
    [InlineData("paper", " ", 0.9, "itemName")]
    [InlineData("paper", null, 0.9, "itemName")]
    [InlineData("paper", "우유팩", 1.5, "confidence")]
    [InlineData("paper", "우유팩", -0.1, "confidence")]
    public async Task An_invalid_classification_is_refused_as_invalid_naming_the_field(string? category, string? itemName, double confidence, string field)
    {
        var result = await RunAsync(new RulesRequest(new Classification(category!, null, itemName!, [], [], confidence), null, null));

        ShouldBeRefused(result, ProblemTypes.For(ActivityFailures.InvalidStepInput));
        result.Failure!.Detail.Should().StartWith(field + ":");
        _factory.Dapr.StateKeys(DaprComponents.StateStore).Should().BeEmpty();
    }

    [Fact]
    public async Task A_classification_without_its_lists_is_refused_as_invalid_not_thrown()
    {
        var result = await RunAsync(new RulesRequest(new Classification("paper-pack", null, "우유팩", null!, null!, 0.9), null, null));

        ShouldBeRefused(result, ProblemTypes.For(ActivityFailures.InvalidStepInput));
        result.Failure!.Detail.Should().StartWith("materials:");
    }

    [Fact]
    public async Task In_Seoul_the_regions_own_rule_comes_first_with_the_national_rule_beside_it()
    {
        var pills = Data.FindItem("pills")!;

        var rule = await ResolveAsync(Seen(pills.CategoryId, pills.Id, pills.NameKo), region: "서울특별시 마포구");

        rule.Scope.Should().Be(RuleScopes.Local);
        rule.Region.Should().Be("서울특별시");
        rule.DropOff.Should().Contain("우체통");
        rule.SourceIds.Should().Contain("seoul-medicine-postbox");
        rule.National.Should().NotBeNull();
        rule.National!.Steps.Should().Equal(pills.Steps);
        rule.National.DropOff.Should().Be(pills.DropOff);
        rule.LocalNote.Should().BeNull("the region's own rule is the answer there");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("부산광역시")]
    [InlineData("어딘가 먼 곳")] // a profile region that names no 시·도: the national rule, not a failure
    public async Task Without_a_rule_of_the_region_the_national_rule_is_given_and_says_so(string? region)
    {
        var pills = Data.FindItem("pills")!;

        var rule = await ResolveAsync(Seen(pills.CategoryId, pills.Id, pills.NameKo), region);

        rule.Scope.Should().Be(RuleScopes.National);
        rule.Region.Should().BeNull();
        rule.National.Should().BeNull();
        rule.Steps.Should().Equal(pills.Steps);
        rule.LocalNote.Should().Be(pills.LocalNote);
    }

    [Fact]
    public async Task In_English_every_text_of_the_rule_is_English()
    {
        var item = Data.Items.First(i => i.Exceptions.Count > 0 && i.Cautions.Count > 0);
        var category = Data.FindCategory(item.CategoryId)!;

        var rule = await ResolveAsync(Seen(item.CategoryId, item.Id, item.NameKo), language: "en-GB");

        rule.Language.Should().Be("en");
        rule.Steps.Should().Equal(item.StepsIn(TextLanguage.En));
        rule.Cautions.Should().Equal(item.CautionsIn(TextLanguage.En));
        rule.Category.Where.Should().Be(category.WhereEn);
        rule.OtherExceptions.Select(e => e.When).Should().Equal(item.Exceptions.Select(e => e.WhenIn(TextLanguage.En)));
    }

    [Fact]
    public async Task In_English_a_local_rule_names_its_region_in_English()
    {
        var pills = Data.FindItem("pills")!;

        var rule = await ResolveAsync(Seen(pills.CategoryId, pills.Id, pills.NameKo), region: "서울", language: "en");

        rule.Region.Should().Be("Seoul");
        rule.DropOff.Should().NotMatchRegex("[가-힣]");
    }

    [Fact]
    public void Every_condition_in_the_dataset_is_one_the_analyzer_can_report()
    {
        var conditions = Data.Items.SelectMany(i => i.Exceptions).Select(e => e.Condition).OfType<string>().Distinct().ToList();

        conditions.Should().NotBeEmpty().And.BeSubsetOf(ItemConditions.All);
    }

    private static Classification Seen(string category, string? itemId, string itemName, double confidence = 0.9, IReadOnlyList<string>? conditions = null) =>
        new(category, itemId, itemName, [], conditions ?? [], confidence);

    private async Task<DisposalRule> ResolveAsync(Classification input, string? region = null, string? language = null)
    {
        var result = await RunAsync(new RulesRequest(input, region, language));
        result.Failure.Should().BeNull();
        return result.Value!;
    }

    private Task<StepResult<DisposalRule>> RunAsync(Classification input) => RunAsync(new RulesRequest(input, null, null));

    private Task<StepResult<DisposalRule>> RunAsync(RulesRequest input) =>
        _factory.Services.RunActivityAsync<RulesActivity, RulesRequest, StepResult<DisposalRule>>(input, "task-1");

    private static void ShouldBeRefused(StepResult<DisposalRule> result, string type)
    {
        result.Value.Should().BeNull();
        result.Failure.Should().NotBeNull();
        result.Failure!.Type.Should().Be(type);
        result.Failure.Detail.Should().NotBeNullOrWhiteSpace();
    }
}
