namespace Growbin.Knowledge.Tests;

/// <summary>
/// The things people get wrong, on the shipped dataset: what a person types, the item it must name confidently and the
/// category that item is put out with. A row failing here means either the matcher or the data would give a wrong
/// answer to a common question.
/// </summary>
public sealed class ConfusingItemsTests
{
    private static readonly KnowledgeBase Data = KnowledgeBase.Default;
    private static readonly ItemMatcher Matcher = new(Data);

    [Theory]
    [InlineData("영수증", "thermal-receipt", "general-waste")]
    [InlineData("카드 영수증", "thermal-receipt", "general-waste")]
    [InlineData("깨진 유리", "broken-glass", "non-combustible")]
    [InlineData("유리 조각", "broken-glass", "non-combustible")]
    [InlineData("깨진 유리병", "broken-glass", "non-combustible")]
    [InlineData("내열유리", "heat-resistant-glass", "non-combustible")]
    [InlineData("유리 밀폐용기", "heat-resistant-glass", "non-combustible")]
    [InlineData("냄비 뚜껑 유리", "glass-pot-lid", "non-combustible")]
    [InlineData("거울", "mirror", "non-combustible")]
    [InlineData("도자기", "ceramic-dish", "non-combustible")]
    [InlineData("사기그릇", "ceramic-dish", "non-combustible")]
    [InlineData("깨진 도자기", "ceramic-dish", "non-combustible")]
    [InlineData("유리컵", "drinking-glass", "non-combustible")]
    [InlineData("소주잔", "drinking-glass", "non-combustible")]
    [InlineData("토분", "flower-pot-ceramic", "non-combustible")]
    [InlineData("백열전구", "incandescent-bulb", "general-waste")]
    [InlineData("LED 전구", "led-bulb", "lighting")]
    [InlineData("삼파장 전구", "compact-fluorescent", "lighting")]
    [InlineData("형광등", "fluorescent-tube", "lighting")]
    [InlineData("우유팩", "milk-carton", "paper-pack")]
    [InlineData("우유갑", "milk-carton", "paper-pack")]
    [InlineData("두유팩", "soy-milk-carton", "paper-pack")]
    [InlineData("멸균팩", "sterilized-carton", "paper-pack")]
    [InlineData("종이컵", "paper-cup", "paper-pack")]
    [InlineData("투명 페트병", "clear-pet-bottle", "clear-pet")]
    [InlineData("생수병", "clear-water-bottle", "clear-pet")]
    [InlineData("유색 페트병", "colored-pet-bottle", "plastic")]
    [InlineData("막걸리병", "makgeolli-bottle", "plastic")]
    [InlineData("플라스틱 컵", "takeout-cup", "plastic")]
    [InlineData("아이스팩", "gel-ice-pack", "general-waste")]
    [InlineData("리튬 배터리", "lithium-ion-battery", "battery")]
    [InlineData("보조배터리", "power-bank", "battery")]
    [InlineData("건전지", "aa-battery", "battery")]
    [InlineData("달걀 껍데기", "egg-shell", "general-waste")]
    [InlineData("계란 껍질", "egg-shell", "general-waste")]
    [InlineData("닭 뼈", "chicken-bone", "general-waste")]
    [InlineData("조개 껍데기", "shellfish-shell", "general-waste")]
    [InlineData("게 껍데기", "crab-shell", "general-waste")]
    [InlineData("가재 껍데기", "crab-shell", "general-waste")]
    [InlineData("복숭아씨", "peach-pit", "general-waste")]
    [InlineData("티백", "tea-bag", "general-waste")]
    [InlineData("한약재 찌꺼기", "herbal-medicine-dregs", "general-waste")]
    [InlineData("생선 가시", "fish-bone", "general-waste")]
    [InlineData("양파 껍질", "onion-skin", "general-waste")]
    [InlineData("커피 찌꺼기", "coffee-grounds", "general-waste")]
    [InlineData("고추씨", "pepper-seeds", "general-waste")]
    [InlineData("고춧대", "pepper-stalk", "general-waste")]
    [InlineData("옥수수대", "corn-cob", "general-waste")]
    [InlineData("호두 껍데기", "nut-shell", "general-waste")]
    [InlineData("과일 껍질", "fruit-peel", "food-waste")]
    [InlineData("수박 껍질", "watermelon-rind", "food-waste")]
    [InlineData("채소", "vegetable-scraps", "food-waste")]
    [InlineData("마늘", "garlic-cloves", "food-waste")]
    [InlineData("스티로폼", "styrofoam-box", "styrofoam")]
    [InlineData("컵라면 용기", "cup-ramen-styrofoam", "general-waste")]
    [InlineData("과일망", "fruit-foam-net", "general-waste")]
    [InlineData("비닐", "plastic-bag", "vinyl")]
    [InlineData("과자 봉지", "snack-bag", "vinyl")]
    [InlineData("라면 봉지", "ramen-wrapper", "vinyl")]
    [InlineData("양파망", "onion-net", "vinyl")]
    [InlineData("뽁뽁이", "bubble-wrap", "vinyl")]
    [InlineData("랩", "plastic-wrap", "general-waste")]
    [InlineData("칫솔", "toothbrush", "general-waste")]
    [InlineData("볼펜", "ballpoint-pen", "general-waste")]
    [InlineData("고무장갑", "rubber-gloves", "general-waste")]
    [InlineData("기저귀", "diaper", "general-waste")]
    [InlineData("우산", "umbrella", "general-waste")]
    [InlineData("헬멧", "helmet", "general-waste")]
    [InlineData("봉제 인형", "stuffed-toy", "general-waste")]
    [InlineData("빨대", "straw", "general-waste")]
    [InlineData("나무젓가락", "disposable-chopsticks", "general-waste")]
    [InlineData("CD", "cd-dvd", "general-waste")]
    [InlineData("핫팩", "heat-pack", "general-waste")]
    [InlineData("프링글스 통", "chip-stick-tube", "general-waste")]
    [InlineData("약 포장재", "blister-pack", "general-waste")]
    [InlineData("이불", "blanket", "clothing")]
    [InlineData("솜이불", "futon-mattress", "bulky-waste")]
    [InlineData("신발", "shoes", "clothing")]
    [InlineData("가방", "bag-handbag", "clothing")]
    [InlineData("폐의약품", "pills", "medicine")]
    [InlineData("알약", "pills", "medicine")]
    [InlineData("물약", "liquid-medicine", "medicine")]
    [InlineData("물티슈", "wet-wipes", "general-waste")]
    [InlineData("휴지", "tissue", "general-waste")]
    [InlineData("휴지심", "toilet-paper-core", "paper")]
    [InlineData("코팅된 종이", "coated-paper", "general-waste")]
    [InlineData("사진", "photo", "general-waste")]
    [InlineData("벽지", "wallpaper", "general-waste")]
    [InlineData("택배 상자", "delivery-box", "paper")]
    [InlineData("피자 박스", "pizza-box", "paper")]
    [InlineData("캔", "beverage-can", "metal-can")]
    [InlineData("부탄가스", "butane-gas-can", "metal-can")]
    [InlineData("스프레이", "spray-can", "metal-can")]
    [InlineData("알루미늄 포일", "aluminum-foil", "general-waste")]
    [InlineData("페인트", "waste-paint", "household-hazardous")]
    [InlineData("수은 체온계", "mercury-thermometer", "household-hazardous")]
    [InlineData("폐식용유", "cooking-oil-waste", "general-waste")]
    [InlineData("프라이팬", "frying-pan", "scrap-metal")]
    [InlineData("냄비", "pot", "scrap-metal")]
    [InlineData("철사 옷걸이", "wire-hanger", "scrap-metal")]
    [InlineData("플라스틱 옷걸이", "plastic-hanger", "general-waste")]
    [InlineData("가위", "scissors", "scrap-metal")]
    [InlineData("칼", "kitchen-knife", "scrap-metal")]
    [InlineData("텀블러", "tumbler", "scrap-metal")]
    [InlineData("전기밥솥", "electric-rice-cooker", "electronics")]
    [InlineData("전자레인지", "microwave", "electronics")]
    [InlineData("휴대폰", "mobile-phone", "electronics")]
    [InlineData("냉장고", "refrigerator", "electronics")]
    [InlineData("전기장판", "electric-blanket", "bulky-waste")]
    [InlineData("소파", "sofa", "bulky-waste")]
    [InlineData("매트리스", "mattress", "bulky-waste")]
    [InlineData("플라스틱 화분", "plastic-flower-pot", "plastic")]
    [InlineData("고양이 모래", "pet-waste", "general-waste")]
    [InlineData("담배꽁초", "cigarette-butt", "general-waste")]
    [InlineData("라이터", "lighter", "general-waste")]
    [InlineData("공기청정기", "air-purifier", "electronics")]
    [InlineData("가습기", "humidifier", "electronics")]
    [InlineData("전선", "electric-wire", "scrap-metal")]
    [InlineData("목장갑", "work-gloves", "general-waste")]
    [InlineData("걸레", "rag", "general-waste")]
    [InlineData("커피 캡슐", "coffee-capsule", "general-waste")]
    [InlineData("된장", "fermented-paste", "general-waste")]
    [InlineData("젖병", "baby-bottle", "plastic")]
    [InlineData("카시트", "car-seat", "bulky-waste")]
    [InlineData("안경", "glasses", "general-waste")]
    [InlineData("일회용 면도기", "razor", "general-waste")]
    [InlineData("치약 튜브", "plastic-tube-cosmetic", "plastic")]
    [InlineData("플라스틱 숟가락", "plastic-spoon-fork", "general-waste")]
    [InlineData("일회용 포크", "plastic-spoon-fork", "general-waste")]
    [InlineData("전자담배 스틱", "heated-tobacco-stick", "general-waste")]
    [InlineData("전자담배 카트리지", "e-cigarette-battery", "battery")]
    public void A_confusing_item_is_named_confidently_and_put_out_with_the_right_category(string query, string itemId, string categoryId)
    {
        var result = Matcher.Match(query);

        result.IsConfident.Should().BeTrue($"'{query}' is a common question with one answer");
        result.Best!.Item.Id.Should().Be(itemId);
        result.Best.Item.CategoryId.Should().Be(categoryId);
        Data.FindCategory(categoryId).Should().NotBeNull();
    }

    [Theory]
    [InlineData("깨진 유리")]
    [InlineData("유리 조각")]
    [InlineData("깨진 유리병")]
    [InlineData("내열유리")]
    [InlineData("내열유리 용기")]
    [InlineData("유리 냄비 뚜껑")]
    [InlineData("거울")]
    [InlineData("도자기")]
    [InlineData("사기그릇")]
    [InlineData("유리컵")]
    [InlineData("와인잔")]
    [InlineData("전구")]
    [InlineData("백열전구")]
    [InlineData("LED 전구")]
    [InlineData("형광등")]
    [InlineData("판유리")]
    [InlineData("전자레인지 유리 회전판")]
    public void Glass_that_is_not_a_bottle_never_lands_in_the_glass_bottle_bin(string query)
    {
        var result = Matcher.Match(query);

        result.Candidates.Take(1).Should().NotContain(c => c.Item.CategoryId == "glass-bottle");
        result.Category?.Id.Should().NotBe("glass-bottle");
    }

    [Theory]
    [InlineData("pizza-box", "general-waste", "contaminated")]
    [InlineData("newspaper", "general-waste", "contaminated")]
    [InlineData("milk-carton", "general-waste", "contaminated")]
    [InlineData("paper-cup", "general-waste", "contaminated")]
    [InlineData("paper-cup", "paper", null)]
    [InlineData("cup-ramen-styrofoam", "styrofoam", null)]
    [InlineData("delivery-container", "general-waste", "contaminated")]
    [InlineData("corrugated-cardboard", "general-waste", "wet")]
    [InlineData("soju-bottle", "non-combustible", "broken")]
    [InlineData("wine-bottle", "non-combustible", "broken")]
    [InlineData("fluorescent-tube", "non-combustible", "broken")]
    [InlineData("clothes", "general-waste", "worn-out")]
    [InlineData("shoes", "general-waste", "worn-out")]
    [InlineData("umbrella", "scrap-metal", null)]
    [InlineData("gel-ice-pack", "vinyl", null)]
    [InlineData("water-ice-pack", "general-waste", null)]
    [InlineData("mirror", "bulky-waste", null)]
    [InlineData("blanket", "bulky-waste", null)]
    [InlineData("futon-mattress", "general-waste", null)]
    [InlineData("electric-blanket", "general-waste", null)]
    [InlineData("led-bulb", "electronics", null)]
    [InlineData("coffee-grounds", "food-waste", null)]
    [InlineData("pepper-seeds", "food-waste", null)]
    [InlineData("onion-skin", "food-waste", null)]
    [InlineData("aluminum-foil", "metal-can", null)]
    [InlineData("plastic-wrap", "vinyl", null)]
    [InlineData("pickle-jar", "non-combustible", null)]
    [InlineData("medicine-glass-bottle", "medicine", null)]
    [InlineData("pressure-cooker", "electronics", null)]
    [InlineData("waste-paint", "general-waste", null)]
    [InlineData("paint-spray-can", "household-hazardous", null)]
    [InlineData("broken-glass", "general-waste", null)]
    [InlineData("clear-pet-bottle", "plastic", null)]
    public void An_exception_moves_the_item_to_another_category(string itemId, string categoryId, string? condition)
    {
        var item = Data.FindItem(itemId)!;

        item.Exceptions.Should().Contain(e => e.CategoryId == categoryId && e.Condition == condition, $"{itemId} should say when it goes to {categoryId}");
        item.Exceptions.Should().OnlyContain(e => e.CategoryId != item.CategoryId && !string.IsNullOrWhiteSpace(e.When));
    }

    [Fact]
    public void Items_whose_rule_depends_on_the_local_government_say_so()
    {
        string[] local = ["paper-cup", "coffee-grounds", "onion-skin", "pepper-seeds", "led-bulb", "aluminum-foil", "electric-blanket", "broken-glass", "fruit-foam-net"];

        local.Select(Data.FindItem).Should().OnlyContain(i => i != null && i.LocalRulesDiffer && i.SourceIds.Contains("local-ordinance"));
    }

    [Fact]
    public void The_free_appliance_pick_up_is_given_with_its_real_number()
    {
        var texts = Data.Items
            .SelectMany(i => i.Steps.Concat(i.Cautions).Append(i.DropOff ?? ""))
            .Concat(Data.Categories.SelectMany(c => c.HowTo.Append(c.Where)))
            .ToList();

        texts.Should().NotContain(t => t.Contains("15-9090"));
        texts.Where(t => t.Contains("무상방문수거") && System.Text.RegularExpressions.Regex.IsMatch(t, @"\d{2,4}-\d{4}"))
            .Should().NotBeEmpty().And.OnlyContain(t => t.Contains("1599-0903"));
    }
}
