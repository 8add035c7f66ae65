namespace Growbin.Knowledge.Tests;

/// <summary>
/// The regional layer (data/regions): a 시·군·구's rule wins over its 시·도's, which wins over the national rule; a
/// region without its own rule for an item, or no region at all, gives the national rule, marked as such.
/// </summary>
public sealed class RegionalRuleTests
{
    private static readonly KnowledgeBase Data = KnowledgeBase.Default;

    [Theory]
    [InlineData("서울특별시 마포구", "서울특별시", "마포구")]
    [InlineData("서울 마포구", "서울특별시", "마포구")]
    [InlineData("서울시", "서울특별시", null)]
    [InlineData("Seoul", "서울특별시", null)]
    [InlineData("경기도 성남시 분당구", "경기도", "성남시 분당구")]
    [InlineData("  경기   성남시  ", "경기도", "성남시")]
    [InlineData("세종특별자치시", "세종특별자치시", null)]
    public void A_region_is_read_with_the_full_sido_name(string text, string sido, string? sigungu)
    {
        RegionName.TryParse(text, out var region).Should().BeTrue();

        region!.Sido.Should().Be(sido);
        region.Sigungu.Should().Be(sigungu);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("마포구")]
    [InlineData("Tokyo")]
    [InlineData(null)]
    public void Text_that_starts_with_no_sido_is_no_region(string? text)
    {
        RegionName.TryParse(text, out var region).Should().BeFalse();
        region.Should().BeNull();
    }

    [Fact]
    public void Seoul_gives_its_own_pill_rule_first_and_keeps_the_national_one_as_the_fallback()
    {
        RegionName.TryParse("서울특별시 마포구", out var mapo);
        var pills = Data.FindItem("pills")!;

        var rule = Data.RuleFor(pills, mapo);

        rule.Scope.Should().Be(RuleScope.Local);
        rule.RegionNameIn(TextLanguage.Ko).Should().Be("서울특별시");
        rule.RegionNameIn(TextLanguage.En).Should().Be("Seoul");
        rule.StepsIn(TextLanguage.Ko).Should().Contain(step => step.Contains("포장"));
        rule.DropOffIn(TextLanguage.Ko).Should().Contain("우체통");
        rule.SourceIds.Should().Equal("seoul-medicine-postbox");
        rule.National.Should().BeSameAs(pills);
        rule.StepsIn(TextLanguage.Ko).Should().NotEqual(pills.Steps);
    }

    [Fact]
    public void A_local_rule_can_move_an_item_to_another_category()
    {
        var rule = Data.RuleFor(Data.FindItem("expired-supplements")!, new RegionName("서울특별시", null));

        rule.Scope.Should().Be(RuleScope.Local);
        rule.CategoryId.Should().Be("general-waste");
        rule.National.CategoryId.Should().Be("medicine");
    }

    [Fact]
    public void Without_a_region_or_outside_one_with_rules_the_national_rule_is_given()
    {
        var pills = Data.FindItem("pills")!;

        foreach (var region in new RegionName?[] { null, new("부산광역시", "해운대구"), new("경기도", null) })
        {
            var rule = Data.RuleFor(pills, region);
            rule.Scope.Should().Be(RuleScope.National);
            rule.Region.Should().BeNull();
            rule.RegionNameIn(TextLanguage.Ko).Should().BeNull();
            rule.CategoryId.Should().Be(pills.CategoryId);
            rule.StepsIn(TextLanguage.Ko).Should().Equal(pills.Steps);
        }
    }

    [Fact]
    public void An_item_Seoul_has_no_rule_for_gets_the_national_rule_in_Seoul()
    {
        var milk = Data.FindItem("milk-carton")!;

        Data.RuleFor(milk, new RegionName("서울특별시", "강남구")).Scope.Should().Be(RuleScope.National);
    }

    [Fact]
    public void A_district_rule_wins_over_its_city_rule_which_wins_over_the_national_rule()
    {
        var pills = Data.FindItem("pills")!;
        var cityRule = Local(pills.Id, "시 규칙");
        var districtRule = Local(pills.Id, "구 규칙");
        var data = new KnowledgeBase(Data.Version, Data.Sources, Data.Categories, Data.Items, regions:
        [
            new RegionRules("서울특별시", null, "Seoul", [cityRule]),
            new RegionRules("서울특별시", "마포구", "Mapo-gu, Seoul", [districtRule]),
        ]);

        data.RuleFor(pills, new RegionName("서울특별시", "마포구")).Local.Should().BeSameAs(districtRule);
        data.RuleFor(pills, new RegionName("서울특별시", "마포구")).RegionNameIn(TextLanguage.En).Should().Be("Mapo-gu, Seoul");
        data.RuleFor(pills, new RegionName("서울특별시", "강남구")).Local.Should().BeSameAs(cityRule);
        data.RuleFor(pills, new RegionName("서울특별시", null)).Local.Should().BeSameAs(cityRule);
        data.RuleFor(pills, new RegionName("부산광역시", "마포구")).Scope.Should().Be(RuleScope.National);
    }

    [Fact]
    public void Every_regional_rule_names_an_existing_item_category_and_source_with_its_English_one_for_one()
    {
        var sources = Data.Sources.Select(s => s.Id).ToHashSet();
        Data.Regions.Should().Contain(r => r.Sido == "서울특별시" && r.Sigungu == null);
        foreach (var region in Data.Regions)
        {
            RegionName.SidoOf(region.Sido).Should().Be(region.Sido, "a region file names its 시·도 in full");
            region.Rules.Select(r => r.ItemId).Should().OnlyHaveUniqueItems();
            foreach (var rule in region.Rules)
            {
                var because = $"{region.Name} {rule.ItemId}";
                Data.FindItem(rule.ItemId).Should().NotBeNull(because);
                Data.FindItem(rule.ItemId)!.LocalRulesDiffer.Should().BeTrue($"{because}: an item with a regional rule is marked as differing by region");
                Data.FindCategory(rule.CategoryId).Should().NotBeNull(because);
                rule.Steps.Should().NotBeEmpty(because);
                rule.StepsEn.Should().HaveSameCount(rule.Steps, because);
                rule.CautionsEn.Should().HaveSameCount(rule.Cautions, because);
                (rule.DropOffEn is null).Should().Be(rule.DropOff is null, because);
                rule.SourceIds.Should().NotBeEmpty(because).And.OnlyContain(id => sources.Contains(id), because);
            }
        }
    }

    private static RegionalRule Local(string itemId, string step) =>
        new(itemId, "medicine", [step], [step], [], [], null, null, ["local-ordinance"]);
}
