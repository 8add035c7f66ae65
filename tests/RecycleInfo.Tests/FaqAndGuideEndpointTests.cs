using System.Net;
using Growbin.Knowledge;

namespace Growbin.RecycleInfo.Tests;

public sealed class FaqAndGuideEndpointTests(RecycleInfoHost api) : IClassFixture<RecycleInfoHost>
{
    private static readonly KnowledgeBase Data = KnowledgeBase.Default;

    [Fact]
    public async Task The_faq_lists_every_question_with_resolved_items_categories_and_sources()
    {
        var json = await api.GetJsonAsync("/api/v1/recycle/faq");

        var entries = json.GetProperty("entries").EnumerateArray().ToList();
        entries.Should().HaveCount(Data.Faq.Count).And.HaveCountGreaterThanOrEqualTo(40);
        json.GetProperty("total").GetInt32().Should().Be(Data.Faq.Count);
        var withItem = Data.Faq.First(f => f.ItemIds.Count > 0);
        var served = entries.Single(e => e.GetProperty("id").GetString() == withItem.Id);
        served.GetProperty("question").GetString().Should().Be(withItem.Question);
        served.GetProperty("items")[0].GetProperty("nameKo").GetString().Should().Be(Data.FindItem(withItem.ItemIds[0])!.NameKo);
        served.GetProperty("sources")[0].GetProperty("title").GetString().Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task The_faq_can_be_narrowed_to_one_item()
    {
        var itemId = Data.Faq.SelectMany(f => f.ItemIds).First();

        var json = await api.GetJsonAsync($"/api/v1/recycle/faq?item={itemId}");

        json.GetProperty("total").GetInt32().Should().Be(Data.Faq.Count(f => f.ItemIds.Contains(itemId)));
        json.GetProperty("entries").EnumerateArray()
            .Should().OnlyContain(e => e.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("id").GetString() == itemId));
    }

    [Fact]
    public async Task The_faq_can_be_narrowed_to_one_category()
    {
        var json = await api.GetJsonAsync("/api/v1/recycle/faq?category=paper-pack");

        json.GetProperty("total").GetInt32().Should().Be(Data.Faq.Count(f => f.CategoryIds.Contains("paper-pack"))).And.BeGreaterThan(0);
    }

    [Theory]
    [InlineData("item=warp-core", "item")]
    [InlineData("category=spaceships", "category")]
    public async Task An_unknown_faq_filter_is_a_400_validation_problem(string parameters, string field)
    {
        var problem = await api.GetJsonAsync($"/api/v1/recycle/faq?{parameters}", HttpStatusCode.BadRequest);

        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue();
    }

    [Fact]
    public async Task The_guide_has_the_four_principles_in_order_and_the_topic_sections()
    {
        var json = await api.GetJsonAsync("/api/v1/recycle/guide");

        json.GetProperty("principles").EnumerateArray().Select(p => p.GetProperty("title").GetString())
            .Should().Equal("비우기", "헹구기", "분리하기", "섞지 않기");
        json.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("id").GetString())
            .Should().Contain(["recycling-marks", "clear-pet", "bulky-waste"]);
        json.GetProperty("principles")[0].GetProperty("points").GetArrayLength().Should().BeGreaterThan(0);
    }

    [Theory]
    [InlineData("/api/v1/recycle/faq")]
    [InlineData("/api/v1/recycle/guide")]
    [InlineData("/api/v1/recycle/categories")]
    public async Task Static_documents_answer_304_to_their_own_etag(string path)
    {
        var first = await api.Client.GetAsync(path);

        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        (await api.Client.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.NotModified);
    }
}
