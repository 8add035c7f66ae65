using System.Text.RegularExpressions;

namespace Growbin.Knowledge.Tests;

/// <summary>The shipped FAQ (data/faq.json) and guide (data/guide.json) are complete and point at real data.</summary>
public sealed partial class FaqAndGuideTests
{
    private static readonly KnowledgeBase Data = KnowledgeBase.Default;

    [Fact]
    public void At_least_45_faq_entries_with_unique_kebab_case_ids()
    {
        Data.Faq.Should().HaveCountGreaterThanOrEqualTo(45);
        Data.Faq.Select(f => f.Id).Should().OnlyHaveUniqueItems().And.OnlyContain(id => KebabCase().IsMatch(id));
    }

    [Fact]
    public void Every_question_is_a_korean_question_and_every_answer_one_to_four_sentences()
    {
        foreach (var entry in Data.Faq)
        {
            entry.Question.Should().NotBeNullOrWhiteSpace(entry.Id).And.EndWith("?", entry.Id).And.MatchRegex(@"\p{IsHangulSyllables}", entry.Id);
            entry.Answer.Should().NotBeNullOrWhiteSpace(entry.Id).And.EndWith(".", entry.Id);
            SentenceEnd().Matches(entry.Answer).Count.Should().BeInRange(1, 4, entry.Id);
        }
    }

    [Fact]
    public void Every_faq_entry_cites_a_source_and_points_at_existing_items_and_categories()
    {
        var sources = Data.Sources.Select(s => s.Id).ToHashSet();
        foreach (var entry in Data.Faq)
        {
            entry.SourceIds.Should().NotBeEmpty(entry.Id).And.OnlyHaveUniqueItems(entry.Id);
            entry.SourceIds.Where(s => !sources.Contains(s)).Should().BeEmpty(entry.Id);
            entry.ItemIds.Where(i => Data.FindItem(i) is null).Should().BeEmpty(entry.Id);
            entry.CategoryIds.Where(c => Data.FindCategory(c) is null).Should().BeEmpty(entry.Id);
            entry.ItemIds.Concat(entry.CategoryIds).Should().NotBeEmpty(entry.Id).And.OnlyHaveUniqueItems(entry.Id);
        }
    }

    [Fact]
    public void A_faq_answer_citing_local_ordinances_says_where_the_local_rule_is_found()
    {
        Data.Faq.Where(f => f.SourceIds.Contains("local-ordinance"))
            .Where(f => !LocalRuleHint().IsMatch(f.Answer))
            .Select(f => f.Id)
            .Should().BeEmpty();
    }

    [Theory]
    [InlineData("thermal-receipt")]
    [InlineData("milk-carton")]
    [InlineData("paper-cup")]
    [InlineData("pizza-box")]
    [InlineData("delivery-box")]
    [InlineData("clear-water-bottle")]
    [InlineData("colored-pet-bottle")]
    [InlineData("broken-glass")]
    [InlineData("heat-resistant-glass")]
    [InlineData("mirror")]
    [InlineData("ceramic-dish")]
    [InlineData("gel-ice-pack")]
    [InlineData("water-ice-pack")]
    [InlineData("power-bank")]
    [InlineData("aa-battery")]
    [InlineData("egg-shell")]
    [InlineData("chicken-bone")]
    [InlineData("shellfish-shell")]
    [InlineData("peach-pit")]
    [InlineData("tea-bag")]
    [InlineData("leftover-soup")]
    [InlineData("styrofoam-box")]
    [InlineData("plastic-bag")]
    [InlineData("ramen-wrapper")]
    [InlineData("snack-bag")]
    [InlineData("cup-ramen-styrofoam")]
    [InlineData("delivery-container")]
    [InlineData("fluorescent-tube")]
    [InlineData("led-bulb")]
    [InlineData("pills")]
    [InlineData("refrigerator")]
    [InlineData("sofa")]
    [InlineData("umbrella")]
    [InlineData("toothbrush")]
    [InlineData("ballpoint-pen")]
    [InlineData("rubber-gloves")]
    [InlineData("diaper")]
    [InlineData("cosmetic-plastic-container")]
    public void The_classic_confusing_items_have_a_faq_entry(string itemId)
    {
        Data.Faq.Should().Contain(f => f.ItemIds.Contains(itemId));
    }

    [Fact]
    public void FindFaq_finds_by_id_and_returns_null_for_an_unknown_id()
    {
        Data.FindFaq("receipt-thermal-paper")!.ItemIds.Should().Contain("thermal-receipt");
        Data.FindFaq("no-such-question").Should().BeNull();
    }

    [Fact]
    public void The_guide_opens_with_the_four_principles_in_order()
    {
        Data.Guide.Principles.Select(p => p.Id).Should().Equal("empty", "rinse", "separate", "dont-mix");
        Data.Guide.Principles.Select(p => p.Title).Should().Equal("비우기", "헹구기", "분리하기", "섞지 않기");
        Data.Guide.Principles.Should().OnlyContain(p => p.Points.Count >= 2, "every principle has worked examples");
    }

    [Fact]
    public void The_guide_has_sections_on_marks_clear_pet_and_bulky_waste()
    {
        Data.Guide.Sections.Select(s => s.Id).Should().Contain(["recycling-marks", "clear-pet", "bulky-waste"]);
        Data.Guide.FindSection("separate").Should().BeSameAs(Data.Guide.Principles[2]);
        Data.Guide.FindSection("no-such-section").Should().BeNull();
    }

    [Fact]
    public void The_marks_section_explains_every_mark_and_plastic_resin()
    {
        var text = string.Join("\n", Data.Guide.FindSection("recycling-marks")!.Points.Select(p => p.Title + " " + p.Text));

        foreach (var mark in new[] { "종이", "종이팩", "캔류", "유리", "페트", "플라스틱", "비닐류", "HDPE", "LDPE", "PP", "PS", "OTHER" })
        {
            text.Should().Contain(mark);
        }
    }

    [Fact]
    public void Every_guide_section_is_complete_and_points_at_existing_data()
    {
        var sources = Data.Sources.Select(s => s.Id).ToHashSet();
        var sections = Data.Guide.Principles.Concat(Data.Guide.Sections).ToList();

        sections.Select(s => s.Id).Should().OnlyHaveUniqueItems().And.OnlyContain(id => KebabCase().IsMatch(id));
        foreach (var section in sections)
        {
            section.Title.Should().NotBeNullOrWhiteSpace(section.Id);
            section.Summary.Should().NotBeNullOrWhiteSpace(section.Id);
            section.Points.Should().NotBeEmpty(section.Id)
                .And.OnlyContain(p => !string.IsNullOrWhiteSpace(p.Title) && !string.IsNullOrWhiteSpace(p.Text));
            section.SourceIds.Should().NotBeEmpty(section.Id);
            section.SourceIds.Where(s => !sources.Contains(s)).Should().BeEmpty(section.Id);
            section.ItemIds.Where(i => Data.FindItem(i) is null).Should().BeEmpty(section.Id);
            section.CategoryIds.Where(c => Data.FindCategory(c) is null).Should().BeEmpty(section.Id);
        }
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabCase();

    /// <summary>A full stop that ends a sentence: followed by white space or the end, not by a digit.</summary>
    [GeneratedRegex(@"\.(\s|$)")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex("지자체|지역|아파트|단지|구청|주민센터")]
    private static partial Regex LocalRuleHint();
}
