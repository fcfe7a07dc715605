"""Demo data: missions in Japan, partner regions abroad, and the organizations a prefecture works with.

`seed(scale=1)` writes a coherent set through the services; re-running it changes nothing (records are
looked up by natural key first). `scale > 1` adds synthetic records with bulk writes for benchmarks.
"""

from types import SimpleNamespace

from django.db import connection, models

from core.text import build_search_document
from partners import services
from partners.choices import MissionKind, OrganizationKind, RegionLevel
from partners.models import Country, Mission, Organization, PartnerRegion

# (country, kind, name, name_ja, city, address, website, tags)
MISSIONS = [
    (
        "VN",
        "embassy",
        "Embassy of Viet Nam in Japan",
        "駐日ベトナム大使館",
        "Tokyo",
        "50-11 Yoyogi 5-chome, Shibuya-ku",
        "https://vnembassy-jp.org",
        ["ASEAN", "priority"],
    ),
    (
        "KR",
        "embassy",
        "Embassy of the Republic of Korea in Japan",
        "駐日大韓民国大使館",
        "Tokyo",
        "1-2-5 Minami-Azabu, Minato-ku",
        "https://overseas.mofa.go.kr/jp-ja/",
        ["priority"],
    ),
    (
        "CN",
        "embassy",
        "Embassy of the People's Republic of China in Japan",
        "駐日中華人民共和国大使館",
        "Tokyo",
        "3-4-33 Moto-Azabu, Minato-ku",
        "http://jp.china-embassy.gov.cn",
        [],
    ),
    (
        "TH",
        "embassy",
        "Royal Thai Embassy in Japan",
        "駐日タイ王国大使館",
        "Tokyo",
        "3-14-6 Kami-Osaki, Shinagawa-ku",
        "https://site.thaiembassy.jp",
        ["ASEAN"],
    ),
    (
        "ID",
        "embassy",
        "Embassy of the Republic of Indonesia in Japan",
        "駐日インドネシア共和国大使館",
        "Tokyo",
        "5-2-9 Higashi-Gotanda, Shinagawa-ku",
        "https://kemlu.go.id/tokyo",
        ["ASEAN"],
    ),
    (
        "PH",
        "embassy",
        "Embassy of the Philippines in Japan",
        "駐日フィリピン共和国大使館",
        "Tokyo",
        "5-15-5 Roppongi, Minato-ku",
        "https://tokyo.philembassy.net",
        ["ASEAN"],
    ),
    (
        "MY",
        "embassy",
        "Embassy of Malaysia in Japan",
        "駐日マレーシア大使館",
        "Tokyo",
        "20-16 Nanpeidai-cho, Shibuya-ku",
        "https://www.kln.gov.my/web/jpn_tokyo",
        ["ASEAN"],
    ),
    (
        "SG",
        "embassy",
        "Embassy of the Republic of Singapore in Japan",
        "駐日シンガポール共和国大使館",
        "Tokyo",
        "5-12-3 Roppongi, Minato-ku",
        "https://www.mfa.gov.sg/tokyo",
        ["ASEAN"],
    ),
    (
        "KH",
        "embassy",
        "Royal Embassy of Cambodia in Japan",
        "駐日カンボジア王国大使館",
        "Tokyo",
        "8-6-9 Akasaka, Minato-ku",
        "https://www.cambodianembassy.jp",
        ["ASEAN"],
    ),
    (
        "LA",
        "embassy",
        "Embassy of the Lao People's Democratic Republic in Japan",
        "駐日ラオス人民民主共和国大使館",
        "Tokyo",
        "3-3-22 Nishi-Azabu, Minato-ku",
        "https://www.laoembassytokyo.com",
        ["ASEAN"],
    ),
    (
        "MM",
        "embassy",
        "Embassy of the Union of Myanmar in Japan",
        "駐日ミャンマー連邦共和国大使館",
        "Tokyo",
        "4-8-26 Kita-Shinagawa, Shinagawa-ku",
        "https://myanmar-embassy-tokyo.net",
        ["ASEAN"],
    ),
    (
        "IN",
        "embassy",
        "Embassy of India in Japan",
        "駐日インド大使館",
        "Tokyo",
        "2-2-11 Kudan-Minami, Chiyoda-ku",
        "https://www.indembassy-tokyo.gov.in",
        ["priority"],
    ),
    (
        "NP",
        "embassy",
        "Embassy of Nepal in Japan",
        "駐日ネパール大使館",
        "Tokyo",
        "7-14-9 Todoroki, Setagaya-ku",
        "https://jp.nepalembassy.gov.np",
        [],
    ),
    (
        "MN",
        "embassy",
        "Embassy of Mongolia in Japan",
        "駐日モンゴル国大使館",
        "Tokyo",
        "21-4 Kamiyama-cho, Shibuya-ku",
        "https://tokyo.embassy.mn",
        [],
    ),
    (
        "US",
        "embassy",
        "Embassy of the United States of America in Japan",
        "駐日アメリカ合衆国大使館",
        "Tokyo",
        "1-10-5 Akasaka, Minato-ku",
        "https://jp.usembassy.gov",
        ["G7"],
    ),
    (
        "CA",
        "embassy",
        "Embassy of Canada to Japan",
        "駐日カナダ大使館",
        "Tokyo",
        "7-3-38 Akasaka, Minato-ku",
        "https://www.canadainternational.gc.ca/japan-japon",
        ["G7"],
    ),
    (
        "GB",
        "embassy",
        "British Embassy Tokyo",
        "駐日英国大使館",
        "Tokyo",
        "1 Ichiban-cho, Chiyoda-ku",
        "https://www.gov.uk/world/japan",
        ["G7"],
    ),
    (
        "DE",
        "embassy",
        "Embassy of the Federal Republic of Germany in Japan",
        "駐日ドイツ連邦共和国大使館",
        "Tokyo",
        "4-5-10 Minami-Azabu, Minato-ku",
        "https://japan.diplo.de",
        ["G7", "EU"],
    ),
    (
        "FR",
        "embassy",
        "Embassy of France in Japan",
        "駐日フランス大使館",
        "Tokyo",
        "4-11-44 Minami-Azabu, Minato-ku",
        "https://jp.ambafrance.org",
        ["G7", "EU"],
    ),
    (
        "IT",
        "embassy",
        "Embassy of Italy in Japan",
        "駐日イタリア大使館",
        "Tokyo",
        "2-5-4 Mita, Minato-ku",
        "https://ambtokyo.esteri.it",
        ["G7", "EU"],
    ),
    (
        "AU",
        "embassy",
        "Australian Embassy Tokyo",
        "駐日オーストラリア大使館",
        "Tokyo",
        "2-1-14 Mita, Minato-ku",
        "https://japan.embassy.gov.au",
        [],
    ),
    (
        "BR",
        "embassy",
        "Embassy of Brazil in Tokyo",
        "駐日ブラジル大使館",
        "Tokyo",
        "2-11-12 Kita-Aoyama, Minato-ku",
        "https://www.gov.br/mre/ja/embaixada-toquio",
        [],
    ),
    (
        "MX",
        "embassy",
        "Embassy of Mexico in Japan",
        "駐日メキシコ合衆国大使館",
        "Tokyo",
        "2-15-1 Nagata-cho, Chiyoda-ku",
        "https://embamex.sre.gob.mx/japon",
        [],
    ),
    (
        "VN",
        "consulate_general",
        "Consulate General of Viet Nam in Osaka",
        "在大阪ベトナム総領事館",
        "Sakai",
        "4-2-15 Shinmachi, Sakai-ku",
        "https://vnconsulate-osaka.org",
        ["ASEAN"],
    ),
    (
        "KR",
        "consulate_general",
        "Consulate General of the Republic of Korea in Niigata",
        "在新潟大韓民国総領事館",
        "Niigata",
        "3-3-1 Bandai, Chuo-ku",
        "https://overseas.mofa.go.kr/jp-niigata-ja/",
        [],
    ),
    (
        "CN",
        "consulate_general",
        "Consulate-General of the People's Republic of China in Niigata",
        "在新潟中華人民共和国総領事館",
        "Niigata",
        "5220-18 Nishiohata-cho, Chuo-ku",
        "http://niigata.china-consulate.gov.cn",
        [],
    ),
    (
        "TH",
        "honorary_consulate",
        "Honorary Consulate of Thailand in Tochigi",
        "在栃木タイ王国名誉領事館",
        "Utsunomiya",
        "1-1-20 Hanawada, Utsunomiya",
        "",
        ["ASEAN"],
    ),
    (
        "TW",
        "trade_office",
        "Taipei Economic and Cultural Representative Office in Japan",
        "台北駐日経済文化代表処",
        "Tokyo",
        "5-20-2 Shirokanedai, Minato-ku",
        "https://www.roc-taiwan.org/jp_ja/",
        [],
    ),
    (
        "US",
        "trade_office",
        "State of Oregon Trade Office Japan",
        "米国オレゴン州政府駐日代表部",
        "Tokyo",
        "2-3-1 Toranomon, Minato-ku",
        "",
        ["sister-state"],
    ),
    (
        "DE",
        "trade_office",
        "Lower Saxony Representative Office Japan",
        "ニーダーザクセン州駐日代表事務所",
        "Tokyo",
        "1-9-2 Marunouchi, Chiyoda-ku",
        "",
        [],
    ),
]
PARENT_EMBASSY = {
    "Consulate General of Viet Nam in Osaka": "Embassy of Viet Nam in Japan",
    "Consulate General of the Republic of Korea in Niigata": "Embassy of the Republic of Korea in Japan",
    "Consulate-General of the People's Republic of China in Niigata": (
        "Embassy of the People's Republic of China in Japan"
    ),
    "Honorary Consulate of Thailand in Tochigi": "Royal Thai Embassy in Japan",
}

# (country, slug, name, name_native, name_ja, level, population, tags)
REGIONS = [
    ("KR", "gyeonggi", "Gyeonggi Province", "경기도", "京畿道", "province", 13_600_000, ["sister", "priority"]),
    ("KR", "chungcheongbuk", "North Chungcheong Province", "충청북도", "忠清北道", "province", 1_590_000, []),
    ("KR", "gangwon", "Gangwon State", "강원특별자치도", "江原特別自治道", "province", 1_520_000, []),
    ("KR", "incheon", "Incheon Metropolitan City", "인천광역시", "仁川広域市", "special_city", 3_000_000, []),
    (
        "VN",
        "quang-nam",
        "Quang Nam Province",
        "Tỉnh Quảng Nam",
        "クアンナム省",
        "province",
        1_500_000,
        ["friendship", "priority"],
    ),
    ("VN", "bac-ninh", "Bac Ninh Province", "Tỉnh Bắc Ninh", "バクニン省", "province", 1_490_000, ["economic"]),
    ("VN", "hai-phong", "Hai Phong City", "Thành phố Hải Phòng", "ハイフォン市", "special_city", 2_100_000, []),
    ("VN", "da-nang", "Da Nang City", "Thành phố Đà Nẵng", "ダナン市", "special_city", 1_230_000, []),
    ("VN", "thua-thien-hue", "Hue City", "Thành phố Huế", "フエ市", "special_city", 1_160_000, []),
    ("VN", "dong-nai", "Dong Nai Province", "Tỉnh Đồng Nai", "ドンナイ省", "province", 3_250_000, ["economic"]),
    ("CN", "zhejiang", "Zhejiang Province", "浙江省", "浙江省", "province", 65_400_000, ["friendship"]),
    ("CN", "jiangsu", "Jiangsu Province", "江苏省", "江蘇省", "province", 85_000_000, []),
    ("CN", "sichuan", "Sichuan Province", "四川省", "四川省", "province", 83_700_000, []),
    ("CN", "hebei", "Hebei Province", "河北省", "河北省", "province", 74_200_000, []),
    ("TW", "tainan", "Tainan City", "臺南市", "台南市", "special_city", 1_860_000, ["friendship"]),
    ("TH", "chiang-mai", "Chiang Mai Province", "จังหวัดเชียงใหม่", "チェンマイ県", "province", 1_790_000, []),
    ("TH", "rayong", "Rayong Province", "จังหวัดระยอง", "ラヨーン県", "province", 750_000, ["economic"]),
    ("ID", "west-java", "West Java Province", "Provinsi Jawa Barat", "西ジャワ州", "province", 49_900_000, []),
    ("ID", "central-java", "Central Java Province", "Provinsi Jawa Tengah", "中部ジャワ州", "province", 37_000_000, []),
    ("ID", "bali", "Bali Province", "Provinsi Bali", "バリ州", "province", 4_400_000, []),
    ("IN", "gujarat", "State of Gujarat", "ગુજરાત", "グジャラート州", "state", 60_400_000, ["economic"]),
    ("IN", "maharashtra", "State of Maharashtra", "महाराष्ट्र", "マハーラーシュトラ州", "state", 112_400_000, []),
    ("IN", "tamil-nadu", "State of Tamil Nadu", "தமிழ்நாடு", "タミル・ナードゥ州", "state", 72_100_000, []),
    ("PH", "cebu", "Province of Cebu", "Lalawigan sa Sugbo", "セブ州", "province", 3_300_000, []),
    ("PH", "davao", "Davao City", "Dakbayan sa Dabaw", "ダバオ市", "city", 1_780_000, []),
    ("MY", "penang", "State of Penang", "Pulau Pinang", "ペナン州", "state", 1_740_000, []),
    ("MY", "selangor", "State of Selangor", "Selangor Darul Ehsan", "スランゴール州", "state", 6_990_000, []),
    ("US", "oregon", "State of Oregon", "State of Oregon", "オレゴン州", "state", 4_240_000, ["sister"]),
    ("US", "indiana", "State of Indiana", "State of Indiana", "インディアナ州", "state", 6_830_000, ["economic"]),
    ("US", "washington", "State of Washington", "State of Washington", "ワシントン州", "state", 7_810_000, []),
    ("US", "texas", "State of Texas", "State of Texas", "テキサス州", "state", 30_500_000, []),
    (
        "CA",
        "british-columbia",
        "Province of British Columbia",
        "British Columbia",
        "ブリティッシュコロンビア州",
        "province",
        5_600_000,
        [],
    ),
    ("DE", "lower-saxony", "Lower Saxony", "Niedersachsen", "ニーダーザクセン州", "state", 8_140_000, ["friendship"]),
    ("DE", "bavaria", "Free State of Bavaria", "Freistaat Bayern", "バイエルン州", "state", 13_370_000, []),
    (
        "DE",
        "rhineland-palatinate",
        "Rhineland-Palatinate",
        "Rheinland-Pfalz",
        "ラインラント＝プファルツ州",
        "state",
        4_160_000,
        [],
    ),
    ("FR", "grand-est", "Grand Est Region", "Région Grand Est", "グラン・テスト地域圏", "region", 5_560_000, []),
    ("FR", "occitanie", "Occitanie Region", "Région Occitanie", "オクシタニー地域圏", "region", 6_020_000, []),
    ("IT", "lombardy", "Lombardy Region", "Regione Lombardia", "ロンバルディア州", "region", 10_000_000, []),
    ("AU", "queensland", "State of Queensland", "Queensland", "クイーンズランド州", "state", 5_460_000, []),
    ("BR", "parana", "State of Paraná", "Estado do Paraná", "パラナ州", "state", 11_440_000, []),
    ("MX", "jalisco", "State of Jalisco", "Estado de Jalisco", "ハリスコ州", "state", 8_350_000, []),
    ("MN", "ulaanbaatar", "Ulaanbaatar City", "Улаанбаатар хот", "ウランバートル市", "special_city", 1_690_000, []),
]

# (country, kind, name, name_native, name_ja, website, tags)
ORGANIZATIONS = [
    (
        "JP",
        "trade_promotion",
        "Japan External Trade Organization (JETRO)",
        "",
        "日本貿易振興機構（ジェトロ）",
        "https://www.jetro.go.jp",
        ["JETRO"],
    ),
    (
        "VN",
        "trade_promotion",
        "JETRO Hanoi",
        "",
        "ジェトロ・ハノイ事務所",
        "https://www.jetro.go.jp/vietnam/",
        ["JETRO"],
    ),
    ("KR", "trade_promotion", "JETRO Seoul", "", "ジェトロ・ソウル事務所", "https://www.jetro.go.jp/korea/", ["JETRO"]),
    (
        "TH",
        "trade_promotion",
        "JETRO Bangkok",
        "",
        "ジェトロ・バンコク事務所",
        "https://www.jetro.go.jp/thailand/",
        ["JETRO"],
    ),
    (
        "JP",
        "development_cooperation",
        "Japan International Cooperation Agency (JICA)",
        "",
        "国際協力機構（JICA）",
        "https://www.jica.go.jp",
        ["JICA"],
    ),
    (
        "JP",
        "development_cooperation",
        "JICA Tokyo Center",
        "",
        "JICA東京センター",
        "https://www.jica.go.jp/domestic/tokyo/",
        ["JICA"],
    ),
    (
        "VN",
        "development_cooperation",
        "JICA Viet Nam Office",
        "",
        "JICAベトナム事務所",
        "https://www.jica.go.jp/overseas/vietnam/",
        ["JICA"],
    ),
    (
        "KR",
        "foreign_agency",
        "Korea Trade-Investment Promotion Agency (KOTRA) Tokyo",
        "대한무역투자진흥공사 도쿄무역관",
        "大韓貿易投資振興公社（KOTRA）東京",
        "https://www.kotra.or.jp",
        [],
    ),
    (
        "TH",
        "foreign_agency",
        "Thailand Board of Investment, Tokyo Office",
        "สำนักงานคณะกรรมการส่งเสริมการลงทุน",
        "タイ国政府投資委員会 東京事務所",
        "https://www.boi.go.th",
        [],
    ),
    (
        "IN",
        "foreign_agency",
        "Invest India",
        "इन्वेस्ट इंडिया",
        "インベスト・インディア",
        "https://www.investindia.gov.in",
        [],
    ),
    (
        "DE",
        "foreign_agency",
        "Germany Trade & Invest",
        "Germany Trade & Invest",
        "ドイツ貿易・投資振興機関",
        "https://www.gtai.de",
        [],
    ),
    (
        "FR",
        "foreign_agency",
        "Business France Japan",
        "Business France",
        "ビジネスフランス日本事務所",
        "https://www.businessfrance.fr",
        [],
    ),
    (
        "VN",
        "foreign_agency",
        "Viet Nam Trade Office in Japan",
        "Thương vụ Việt Nam tại Nhật Bản",
        "駐日ベトナム大使館商務部",
        "",
        ["ASEAN"],
    ),
    (
        "VN",
        "chamber",
        "Japan Business Association in Vietnam",
        "Hiệp hội Doanh nghiệp Nhật Bản tại Việt Nam",
        "ベトナム日本商工会議所",
        "https://jbav.vn",
        [],
    ),
    (
        "KR",
        "chamber",
        "Korea Chamber of Commerce and Industry",
        "대한상공회의소",
        "大韓商工会議所",
        "https://www.korcham.net",
        [],
    ),
    (
        "US",
        "chamber",
        "American Chamber of Commerce in Japan",
        "American Chamber of Commerce in Japan",
        "在日米国商工会議所",
        "https://www.accj.or.jp",
        [],
    ),
    (
        "DE",
        "chamber",
        "German Chamber of Commerce and Industry in Japan",
        "Deutsche Industrie- und Handelskammer in Japan",
        "在日ドイツ商工会議所",
        "https://japan.ahk.de",
        [],
    ),
    (
        "JP",
        "chamber",
        "Utsunomiya Chamber of Commerce and Industry",
        "",
        "宇都宮商工会議所",
        "https://www.utsunomiya-cci.or.jp",
        [],
    ),
    (
        "JP",
        "prefecture",
        "Tochigi Prefectural Government",
        "",
        "栃木県",
        "https://www.pref.tochigi.lg.jp",
        ["prefecture"],
    ),
    (
        "JP",
        "association",
        "Tochigi International Association",
        "",
        "公益財団法人栃木県国際交流協会",
        "https://tia21.or.jp",
        [],
    ),
    ("JP", "municipality", "Utsunomiya City", "", "宇都宮市", "https://www.city.utsunomiya.lg.jp", []),
    ("JP", "municipality", "Ashikaga City", "", "足利市", "https://www.city.ashikaga.tochigi.jp", []),
    ("JP", "municipality", "Tochigi City", "", "栃木市", "https://www.city.tochigi.lg.jp", []),
    ("JP", "municipality", "Sano City", "", "佐野市", "https://www.city.sano.lg.jp", []),
    ("JP", "municipality", "Nikko City", "", "日光市", "https://www.city.nikko.lg.jp", []),
    ("JP", "municipality", "Oyama City", "", "小山市", "https://www.city.oyama.tochigi.jp", []),
    ("JP", "municipality", "Nasushiobara City", "", "那須塩原市", "https://www.city.nasushiobara.tochigi.jp", []),
    ("JP", "university", "Utsunomiya University", "", "宇都宮大学", "https://www.utsunomiya-u.ac.jp", ["university"]),
    ("JP", "university", "Jichi Medical University", "", "自治医科大学", "https://www.jichi.ac.jp", ["university"]),
    ("JP", "university", "Hakuoh University", "", "白鴎大学", "https://www.hakuoh.ac.jp", ["university"]),
    ("VN", "university", "University of Da Nang", "Đại học Đà Nẵng", "ダナン大学", "https://udn.vn", ["university"]),
    ("KR", "university", "Ajou University", "아주대학교", "亜洲大学校", "https://www.ajou.ac.kr", ["university"]),
    ("JP", "company", "Ashikaga Bank", "", "足利銀行", "https://www.ashikagabank.co.jp", []),
    ("JP", "company", "Tochigi Bank", "", "栃木銀行", "https://www.tochigibank.co.jp", []),
    ("JP", "media", "Shimotsuke Shimbun", "", "下野新聞社", "https://www.shimotsuke.co.jp", []),
]

# Synthetic volume per scale unit above 1 (see `seed`): organizations, partner regions and missions.
# Scale 100 gives over 10,000 of each, the benchmark's size L and the volume its filters must survive.
BULK_ORGANIZATIONS, BULK_REGIONS, BULK_MISSIONS = 102, 102, 102
BULK_MARKER = "demo:bulk"
BULK_COUNTRIES = ["VN", "KR", "CN", "TH", "ID", "IN", "PH", "MY", "US", "DE", "FR", "GB", "AU", "BR", "MX"]
BULK_BATCH = 2000


def seed(*, scale: int, stdout) -> None:
    countries = {country.code: country for country in Country.objects.all()}
    created = _seed_missions(countries) + _seed_regions(countries) + _seed_organizations(countries)
    stdout.write(f"  partners: {created} records created")
    if scale > 1:
        stdout.write(f"  partners: {_seed_bulk(countries, scale)} bulk records created")


def _seed_missions(countries) -> int:
    created = 0
    existing = set(Mission.objects.values_list("name", flat=True))
    for code, kind, name, name_ja, city, address, website, tags in MISSIONS:
        if name in existing:
            continue
        services.create_mission(
            country=countries[code],
            kind=kind,
            name=name,
            name_ja=name_ja,
            city=city,
            address=address,
            website=website,
            phones=[{"label": "main", "number": "+81-3-0000-0000"}],
            parent=Mission.objects.filter(name=PARENT_EMBASSY[name]).first() if name in PARENT_EMBASSY else None,
            tags=tags,
        )
        created += 1
    return created


def _seed_regions(countries) -> int:
    created = 0
    existing = set(PartnerRegion.objects.values_list("slug", flat=True))
    for code, slug, name, name_native, name_ja, level, population, tags in REGIONS:
        if slug in existing:
            continue
        services.create_partner_region(
            country=countries[code],
            slug=slug,
            name=name,
            name_native=name_native,
            name_ja=name_ja,
            level=level,
            population=population,
            tags=tags,
        )
        created += 1
    return created


def _seed_organizations(countries) -> int:
    created = 0
    existing = set(Organization.objects.values_list("name", flat=True))
    for code, kind, name, name_native, name_ja, website, tags in ORGANIZATIONS:
        if name in existing:
            continue
        services.create_organization(
            country=countries[code],
            kind=kind,
            name=name,
            name_native=name_native,
            name_ja=name_ja,
            website=website,
            tags=tags,
        )
        created += 1
    return created


def search_document_for(model, values: dict) -> str:
    """The `search_document` the model's save() would compute, without instantiating the model."""
    record = SimpleNamespace(_join=getattr(model, "_join", None), **values)
    return build_search_document(*model.searchable_texts(record))


def insert_rows(model, rows: list[dict]) -> int:
    """INSERT many rows with executemany, skipping model instances and per-value ORM compilation.

    Benchmark volumes (tens of thousands of rows) spend most of their time in bulk_create's SQL compiler;
    this writes the same rows in a fraction of it. `search_document` is computed here as save() would.
    """
    if not rows:
        return 0
    if hasattr(model, "searchable_texts"):
        for row in rows:
            row["search_document"] = search_document_for(model, row)
    columns = list(rows[0])
    fields = [model._meta.get_field(column) for column in columns]
    simple = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey)
    converters = [None if isinstance(field, simple) else field for field in fields]
    # Identifiers come from model metadata (quoted); every value is a query parameter.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        connection.ops.quote_name(model._meta.db_table),
        ", ".join(connection.ops.quote_name(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    values = [
        [
            row[column] if converter is None else converter.get_db_prep_save(row[column], connection)
            for column, converter in zip(columns, converters, strict=True)
        ]
        for row in rows
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(values), BULK_BATCH):
            cursor.executemany(sql, values[start : start + BULK_BATCH])
    return len(values)


def _seed_bulk(countries, scale: int) -> int:
    """Synthetic bodies for benchmarks; numbered so that a re-run adds only what is missing."""
    units = scale - 1
    organization_kinds = [OrganizationKind.COMPANY, OrganizationKind.CHAMBER, OrganizationKind.UNIVERSITY]
    region_levels = [RegionLevel.CITY, RegionLevel.PROVINCE, RegionLevel.COUNTY]
    mission_kinds = [MissionKind.HONORARY_CONSULATE, MissionKind.TRADE_OFFICE, MissionKind.CONSULATE]

    def country_id(index):
        return countries[BULK_COUNTRIES[index % len(BULK_COUNTRIES)]].pk

    have = Organization.objects.filter(notes=BULK_MARKER).count()
    created = insert_rows(
        Organization,
        [
            {
                "name": f"Demo Trading Company {index:05d}",
                "name_native": "",
                "name_ja": f"デモ商事 {index:05d}",
                "kind": organization_kinds[index % len(organization_kinds)],
                "country": country_id(index),
                "website": "",
                "notes": BULK_MARKER,
            }
            for index in range(have, units * BULK_ORGANIZATIONS)
        ],
    )
    have = PartnerRegion.objects.filter(notes=BULK_MARKER).count()
    created += insert_rows(
        PartnerRegion,
        [
            {
                "name": f"Demo District {index:05d}",
                "name_native": "",
                "name_ja": f"デモ地区 {index:05d}",
                "slug": f"demo-district-{index:05d}",
                "level": region_levels[index % len(region_levels)],
                "country": country_id(index),
                "website": "",
                "population": None,
                "notes": BULK_MARKER,
            }
            for index in range(have, units * BULK_REGIONS)
        ],
    )
    have = Mission.objects.filter(address=BULK_MARKER).count()
    created += insert_rows(
        Mission,
        [
            {
                "kind": mission_kinds[index % len(mission_kinds)],
                "name": f"Demo Representative Office {index:05d}",
                "name_ja": f"デモ代表事務所 {index:05d}",
                "country": country_id(index),
                "city": "Tokyo",
                "address": BULK_MARKER,
                "phones": [],
                "emails": [],
                "website": "",
                "parent": None,
            }
            for index in range(have, units * BULK_MISSIONS)
        ],
    )
    return created
