"""Demo data: about 150 people with names in their own scripts, and their posts.

Every embassy gets a line of ambassadors (with credentials dates, so the order of precedence is computed),
a few diplomats, some of whom served elsewhere before; partner regions and organizations get their
leaders and international-affairs contacts. Names are fictional but follow each culture's conventions.
Everything is deterministic and looked up by name first, so re-running changes nothing.
`scale > 1` adds synthetic people and posts with bulk writes for benchmarks.
"""

import datetime
import random
import re
import unicodedata

from django.utils import timezone

from contacts import services
from contacts.choices import ContactLabel, NameOrder, Rank
from contacts.models import Person, PersonEmail, Post
from partners.demo import BULK_MARKER, insert_rows, search_document_for
from partners.models import Country, Mission, Organization, PartnerRegion

FAMILY_FIRST, GIVEN_FIRST = NameOrder.FAMILY_FIRST, NameOrder.GIVEN_FIRST

# Name pools: (native, romanized, katakana reading). Western pools keep native == romanized.
POOLS = {
    "vi": (
        FAMILY_FIRST,
        [
            ("Nguyễn", "Nguyen", "グエン"),
            ("Trần", "Tran", "チャン"),
            ("Lê", "Le", "レ"),
            ("Phạm", "Pham", "ファム"),
            ("Hoàng", "Hoang", "ホアン"),
            ("Vũ", "Vu", "ヴー"),
            ("Đặng", "Dang", "ダン"),
            ("Bùi", "Bui", "ブイ"),
            ("Đỗ", "Do", "ドー"),
            ("Ngô", "Ngo", "ゴー"),
        ],
        [
            ("Văn An", "Van An", "ヴァン・アン"),
            ("Thị Hoa", "Thi Hoa", "ティ・ホア"),
            ("Quang Minh", "Quang Minh", "クアン・ミン"),
            ("Đức Thắng", "Duc Thang", "ドゥック・タン"),
            ("Thu Hà", "Thu Ha", "トゥー・ハー"),
            ("Hải Nam", "Hai Nam", "ハイ・ナム"),
            ("Ngọc Lan", "Ngoc Lan", "ゴック・ラン"),
            ("Minh Tuấn", "Minh Tuan", "ミン・トゥアン"),
            ("Thanh Hương", "Thanh Huong", "タイン・フオン"),
        ],
    ),
    "ko": (
        FAMILY_FIRST,
        [
            ("김", "Kim", "キム"),
            ("이", "Lee", "イ"),
            ("박", "Park", "パク"),
            ("최", "Choi", "チェ"),
            ("정", "Jung", "チョン"),
            ("강", "Kang", "カン"),
            ("조", "Cho", "チョ"),
            ("윤", "Yoon", "ユン"),
        ],
        [
            ("민준", "Min-jun", "ミンジュン"),
            ("서연", "Seo-yeon", "ソヨン"),
            ("지훈", "Ji-hoon", "ジフン"),
            ("수빈", "Su-bin", "スビン"),
            ("현우", "Hyun-woo", "ヒョヌ"),
            ("지은", "Ji-eun", "ジウン"),
            ("성호", "Sung-ho", "ソンホ"),
            ("영희", "Young-hee", "ヨンヒ"),
        ],
    ),
    "zh": (
        FAMILY_FIRST,
        [
            ("王", "Wang", "ワン"),
            ("李", "Li", "リー"),
            ("张", "Zhang", "チャン"),
            ("刘", "Liu", "リウ"),
            ("陈", "Chen", "チェン"),
            ("杨", "Yang", "ヤン"),
            ("赵", "Zhao", "チャオ"),
            ("周", "Zhou", "チョウ"),
        ],
        [
            ("伟", "Wei", "ウェイ"),
            ("芳", "Fang", "ファン"),
            ("建国", "Jianguo", "ジエングオ"),
            ("海燕", "Haiyan", "ハイイエン"),
            ("志强", "Zhiqiang", "ジーチアン"),
            ("明", "Ming", "ミン"),
            ("晓东", "Xiaodong", "シャオドン"),
            ("丽华", "Lihua", "リーホア"),
        ],
    ),
    "zh-tw": (
        FAMILY_FIRST,
        [
            ("陳", "Chen", "チェン"),
            ("林", "Lin", "リン"),
            ("黃", "Huang", "ホアン"),
            ("張", "Chang", "チャン"),
            ("吳", "Wu", "ウー"),
        ],
        [
            ("志明", "Chih-ming", "ジーミン"),
            ("淑芬", "Shu-fen", "シューフェン"),
            ("建宏", "Chien-hung", "ジエンホン"),
            ("美玲", "Mei-ling", "メイリン"),
            ("家豪", "Chia-hao", "ジアハオ"),
        ],
    ),
    "ja": (
        FAMILY_FIRST,
        [
            ("佐藤", "Sato", "サトウ"),
            ("鈴木", "Suzuki", "スズキ"),
            ("高橋", "Takahashi", "タカハシ"),
            ("田中", "Tanaka", "タナカ"),
            ("渡辺", "Watanabe", "ワタナベ"),
            ("伊藤", "Ito", "イトウ"),
            ("山本", "Yamamoto", "ヤマモト"),
            ("中村", "Nakamura", "ナカムラ"),
            ("小林", "Kobayashi", "コバヤシ"),
            ("加藤", "Kato", "カトウ"),
        ],
        [
            ("太郎", "Taro", "タロウ"),
            ("花子", "Hanako", "ハナコ"),
            ("健一", "Kenichi", "ケンイチ"),
            ("美咲", "Misaki", "ミサキ"),
            ("大輔", "Daisuke", "ダイスケ"),
            ("由美", "Yumi", "ユミ"),
            ("誠", "Makoto", "マコト"),
            ("恵子", "Keiko", "ケイコ"),
        ],
    ),
    "th": (
        GIVEN_FIRST,
        [
            ("ศรีสุข", "Srisuk", "シースック"),
            ("วงศ์สวัสดิ์", "Wongsawat", "ウォンサワット"),
            ("ทองดี", "Thongdee", "トンディー"),
            ("แก้วมณี", "Kaewmanee", "ケーオマニー"),
            ("บุญมา", "Boonma", "ブンマー"),
        ],
        [
            ("สมชาย", "Somchai", "ソムチャイ"),
            ("สุดา", "Suda", "スダー"),
            ("อนันต์", "Anan", "アナン"),
            ("วิไล", "Wilai", "ウィライ"),
            ("กัลยา", "Kanlaya", "カンラヤー"),
            ("ธนากร", "Thanakorn", "タナコーン"),
        ],
    ),
    "hi": (
        GIVEN_FIRST,
        [
            ("शर्मा", "Sharma", "シャルマ"),
            ("वर्मा", "Verma", "ヴァルマ"),
            ("गुप्ता", "Gupta", "グプタ"),
            ("पटेल", "Patel", "パテル"),
            ("सिंह", "Singh", "シン"),
        ],
        [
            ("राहुल", "Rahul", "ラフル"),
            ("प्रिया", "Priya", "プリヤ"),
            ("अमित", "Amit", "アミット"),
            ("अनीता", "Anita", "アニータ"),
            ("विक्रम", "Vikram", "ヴィクラム"),
        ],
    ),
    "mn": (
        GIVEN_FIRST,
        [("Батбаяр", "Batbayar", "バトバヤル"), ("Болд", "Bold", "ボルド"), ("Цэрэн", "Tseren", "ツェレン")],
        [
            ("Ганбаатар", "Ganbaatar", "ガンバータル"),
            ("Сараа", "Saraa", "サラー"),
            ("Энхжаргал", "Enkhjargal", "エンフジャルガル"),
        ],
    ),
    "en": (
        GIVEN_FIRST,
        [
            ("Smith", "Smith", "スミス"),
            ("Johnson", "Johnson", "ジョンソン"),
            ("Williams", "Williams", "ウィリアムズ"),
            ("Brown", "Brown", "ブラウン"),
            ("Miller", "Miller", "ミラー"),
            ("Davis", "Davis", "デイビス"),
            ("Taylor", "Taylor", "テイラー"),
            ("Anderson", "Anderson", "アンダーソン"),
        ],
        [
            ("John", "John", "ジョン"),
            ("Emily", "Emily", "エミリー"),
            ("Michael", "Michael", "マイケル"),
            ("Sarah", "Sarah", "サラ"),
            ("David", "David", "デビッド"),
            ("Rachel", "Rachel", "レイチェル"),
            ("James", "James", "ジェームズ"),
            ("Laura", "Laura", "ローラ"),
        ],
    ),
    "de": (
        GIVEN_FIRST,
        [
            ("Müller", "Müller", "ミュラー"),
            ("Schmidt", "Schmidt", "シュミット"),
            ("Schneider", "Schneider", "シュナイダー"),
            ("Fischer", "Fischer", "フィッシャー"),
            ("Weber", "Weber", "ヴェーバー"),
            ("Becker", "Becker", "ベッカー"),
        ],
        [
            ("Anna", "Anna", "アンナ"),
            ("Jürgen", "Jürgen", "ユルゲン"),
            ("Klaus", "Klaus", "クラウス"),
            ("Sabine", "Sabine", "ザビーネ"),
            ("Matthias", "Matthias", "マティアス"),
            ("Petra", "Petra", "ペトラ"),
        ],
    ),
    "fr": (
        GIVEN_FIRST,
        [
            ("Dubois", "Dubois", "デュボワ"),
            ("Lefèvre", "Lefèvre", "ルフェーヴル"),
            ("Martin", "Martin", "マルタン"),
            ("Bernard", "Bernard", "ベルナール"),
            ("Moreau", "Moreau", "モロー"),
            ("Laurent", "Laurent", "ローラン"),
        ],
        [
            ("François", "François", "フランソワ"),
            ("Élodie", "Élodie", "エロディ"),
            ("Philippe", "Philippe", "フィリップ"),
            ("Camille", "Camille", "カミーユ"),
            ("Thierry", "Thierry", "ティエリー"),
            ("Sophie", "Sophie", "ソフィー"),
        ],
    ),
    "it": (
        GIVEN_FIRST,
        [
            ("Rossi", "Rossi", "ロッシ"),
            ("Bianchi", "Bianchi", "ビアンキ"),
            ("Romano", "Romano", "ロマーノ"),
            ("Ricci", "Ricci", "リッチ"),
        ],
        [
            ("Giulia", "Giulia", "ジュリア"),
            ("Marco", "Marco", "マルコ"),
            ("Francesca", "Francesca", "フランチェスカ"),
            ("Luca", "Luca", "ルカ"),
        ],
    ),
    "es": (
        GIVEN_FIRST,
        [
            ("García", "García", "ガルシア"),
            ("Hernández", "Hernández", "エルナンデス"),
            ("Santos", "Santos", "サントス"),
            ("Reyes", "Reyes", "レイエス"),
            ("Cruz", "Cruz", "クルス"),
        ],
        [
            ("María", "María", "マリア"),
            ("José", "José", "ホセ"),
            ("Ana", "Ana", "アナ"),
            ("Carlos", "Carlos", "カルロス"),
            ("Lucía", "Lucía", "ルシア"),
        ],
    ),
    "pt": (
        GIVEN_FIRST,
        [
            ("Silva", "Silva", "シルヴァ"),
            ("Souza", "Souza", "ソウザ"),
            ("Oliveira", "Oliveira", "オリヴェイラ"),
            ("Costa", "Costa", "コスタ"),
        ],
        [
            ("João", "João", "ジョアン"),
            ("Ana Paula", "Ana Paula", "アナ・パウラ"),
            ("Rafael", "Rafael", "ハファエル"),
            ("Beatriz", "Beatriz", "ベアトリス"),
        ],
    ),
    "ms": (
        GIVEN_FIRST,
        [
            ("Abdullah", "Abdullah", "アブドゥラ"),
            ("Ismail", "Ismail", "イスマイル"),
            ("Rahman", "Rahman", "ラーマン"),
            ("Hassan", "Hassan", "ハッサン"),
        ],
        [
            ("Ahmad", "Ahmad", "アフマド"),
            ("Nur Aisyah", "Nur Aisyah", "ヌル・アイシャ"),
            ("Faizal", "Faizal", "ファイザル"),
            ("Siti", "Siti", "シティ"),
        ],
    ),
    "id": (
        GIVEN_FIRST,
        [
            ("Santoso", "Santoso", "サントソ"),
            ("Wijaya", "Wijaya", "ウィジャヤ"),
            ("Pratama", "Pratama", "プラタマ"),
            ("Siregar", "Siregar", "シレガル"),
        ],
        [
            ("Budi", "Budi", "ブディ"),
            ("Dewi", "Dewi", "デウィ"),
            ("Agus", "Agus", "アグス"),
            ("Ratna", "Ratna", "ラトナ"),
        ],
    ),
    "km": (
        FAMILY_FIRST,
        [("សុខ", "Sok", "ソク"), ("ចាន់", "Chan", "チャン"), ("ហេង", "Heng", "ヘン")],
        [("ដារ៉ា", "Dara", "ダラー"), ("សុភា", "Sophea", "ソピア"), ("វិបុល", "Vibol", "ヴィボル")],
    ),
    "lo": (
        GIVEN_FIRST,
        [
            ("ພົມມະຈັນ", "Phommachanh", "ポンマチャン"),
            ("ສີສຸວັນ", "Sisouvanh", "シースワン"),
            ("ວົງສາ", "Vongsa", "ヴォンサー"),
        ],
        [("ບຸນມີ", "Bounmy", "ブンミー"), ("ຄຳພອນ", "Khamphone", "カムポン"), ("ສົມພອນ", "Somphone", "ソムポン")],
    ),
    "my": (
        GIVEN_FIRST,
        [("", "", "")],
        [
            ("အောင်ကျော်", "Aung Kyaw", "アウン・チョー"),
            ("ခင်မာ", "Khin Ma", "キン・マー"),
            ("ဇော်ဝင်း", "Zaw Win", "ゾー・ウィン"),
            ("မြင့်ဆွေ", "Myint Swe", "ミン・スエ"),
            ("သီတာ", "Thida", "ティーダー"),
            ("ကျော်ဇော", "Kyaw Zaw", "チョー・ゾー"),
        ],
    ),
    "ne": (
        GIVEN_FIRST,
        [("श्रेष्ठ", "Shrestha", "シュレスタ"), ("थापा", "Thapa", "タパ"), ("राई", "Rai", "ライ")],
        [("सुनिल", "Sunil", "スニル"), ("सीता", "Sita", "シーター"), ("राम", "Ram", "ラム")],
    ),
}
POOL_OF_COUNTRY = {
    "VN": "vi",
    "KR": "ko",
    "CN": "zh",
    "TW": "zh-tw",
    "JP": "ja",
    "TH": "th",
    "IN": "hi",
    "MN": "mn",
    "US": "en",
    "GB": "en",
    "AU": "en",
    "CA": "en",
    "DE": "de",
    "FR": "fr",
    "IT": "it",
    "MX": "es",
    "PH": "es",
    "BR": "pt",
    "MY": "ms",
    "SG": "en",
    "ID": "id",
    "KH": "km",
    "LA": "lo",
    "MM": "my",
    "NP": "ne",
}
HONORIFIC_JA = {Rank.AMBASSADOR: "閣下", Rank.GOVERNOR: "閣下"}
TITLES = {
    Rank.AMBASSADOR: ("Ambassador Extraordinary and Plenipotentiary", "特命全権大使"),
    Rank.CHARGE_DAFFAIRES: ("Chargé d'affaires a.i.", "臨時代理大使"),
    Rank.MINISTER: ("Minister", "公使"),
    Rank.MINISTER_COUNSELLOR: ("Minister-Counsellor", "公使参事官"),
    Rank.COUNSELLOR: ("Counsellor (Economic Affairs)", "参事官（経済担当）"),
    Rank.FIRST_SECRETARY: ("First Secretary (Political Affairs)", "一等書記官（政務担当）"),
    Rank.SECOND_SECRETARY: ("Second Secretary (Culture and Education)", "二等書記官（文化・教育担当）"),
    Rank.CONSUL_GENERAL: ("Consul-General", "総領事"),
    Rank.CONSUL: ("Consul", "領事"),
    Rank.HONORARY_CONSUL: ("Honorary Consul", "名誉領事"),
    Rank.GOVERNOR: ("Governor", "知事・首長"),
    Rank.VICE_GOVERNOR: ("Vice-Governor", "副知事・副首長"),
    Rank.DIRECTOR: ("Director, International Cooperation", "国際協力局長"),
    Rank.MANAGER: ("Manager, International Relations", "国際交流課長"),
    Rank.MAYOR: ("Mayor", "市長"),
}
# Embassies whose ambassador has left and a chargé d'affaires a.i. heads the mission; and one newly arrived
# ambassador who has not yet presented credentials (so is not yet in the order of precedence).
CHARGE_HEADED = {"MM", "NP"}
AWAITING_CREDENTIALS = {"IT"}
# How many regions and organizations get named contacts at scale 1 (keeps the demo near 150 people).
REGIONS_WITH_CONTACTS = 18
ORGANIZATIONS_WITH_CONTACTS = 12
BULK_PEOPLE_PER_UNIT = 510


def seed(*, scale: int, stdout) -> None:
    builder = _DemoPeople(random.Random(20260401))  # fixed seed: the same people on every run  # noqa: S311
    builder.build()
    stdout.write(f"  contacts: {builder.created_people} people and {builder.created_posts} posts created")
    if scale > 1:
        people, posts = _seed_bulk(scale)
        stdout.write(f"  contacts: {people} bulk people and {posts} bulk posts created")


class _DemoPeople:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used_names: set[tuple[str, str]] = set()
        self.created_people = 0
        self.created_posts = 0
        self.countries = {country.code: country for country in Country.objects.all()}

    def build(self) -> None:
        embassies = Mission.objects.filter(kind="embassy").exclude(address=BULK_MARKER).select_related("country")
        for index, embassy in enumerate(embassies.order_by("name")):
            self._embassy(embassy, index)
        others = Mission.objects.exclude(kind="embassy").exclude(address=BULK_MARKER).select_related("country")
        for mission in others.order_by("name"):
            self._other_mission(mission)
        regions = PartnerRegion.objects.exclude(notes=BULK_MARKER).select_related("country").order_by("slug")
        for region in regions[:REGIONS_WITH_CONTACTS]:
            self._region(region)
        organizations = Organization.objects.exclude(notes=BULK_MARKER).select_related("country").order_by("name")
        for organization in organizations[:ORGANIZATIONS_WITH_CONTACTS]:
            self._organization(organization)

    # People -----------------------------------------------------------------------------------------

    def person(self, country_code: str, *, honorific: str = "", honorific_ja: str = "", email_domain: str = ""):
        pool = POOL_OF_COUNTRY.get(country_code, "en")
        order, families, givens = POOLS[pool]
        for _attempt in range(200):
            family, given = self.rng.choice(families), self.rng.choice(givens)
            key = (f"{family[0]}|{family[1]}", f"{given[0]}|{given[1]}")
            if key not in self.used_names:
                break
        else:
            raise RuntimeError(f"The {pool} name pool is too small for the demo.")
        self.used_names.add(key)
        # Drawn before the existence check so that a re-run consumes the random sequence identically.
        phone = f"+81-3-{self.rng.randint(3000, 6999)}-{self.rng.randint(1000, 9999)}"
        existing = Person.objects.filter(
            family_name=family[0], given_name=given[0], family_name_latin=family[1], given_name_latin=given[1]
        ).first()
        if existing:
            return existing
        login = ".".join(_ascii_slug(part) for part in (given[1], family[1]) if _ascii_slug(part)) or "contact"
        self.created_people += 1
        return services.create_person(
            family_name=family[0],
            given_name=given[0],
            family_name_latin=family[1],
            given_name_latin=given[1],
            family_name_kana=family[2],
            given_name_kana=given[2],
            name_order=order,
            honorific_prefix=honorific,
            honorific_suffix_ja=honorific_ja,
            nationality=self.countries.get(country_code),
            languages=", ".join(dict.fromkeys([pool.split("-")[0], "en"])),
            emails=[(ContactLabel.WORK, f"{login}@{email_domain}")] if email_domain else [],
            phones=[(ContactLabel.WORK, phone)],
        )

    def post(self, person, *, rank, start, end=None, credentials=None, head=False, title=None, **body):
        title_en, title_ja = title or TITLES[rank]
        existing = Post.objects.filter(person=person, start_date=start, **body).first()
        if existing:
            return existing
        self.created_posts += 1
        post = services.start_post(
            person=person,
            title=title_en,
            title_ja=title_ja,
            rank=rank,
            is_head_of_mission=head,
            start_date=start,
            credentials_presented_on=credentials,
            **body,
        )
        if end:
            post = services.end_post(post=post, end_date=end)
        return post

    # Bodies ------------------------------------------------------------------------------------------

    def _embassy(self, embassy: Mission, index: int) -> None:
        code = embassy.country.code
        domain = f"{code.lower()}-embassy.example"
        # Three ambassadors of roughly three-and-a-half years each; staggered so credentials dates differ.
        # Spread over the calendar in an order unrelated to the alphabet, as real postings are.
        first_start = datetime.date(2015, 1, 15) + datetime.timedelta(days=47 * ((index * 11) % 29))
        starts = [first_start + datetime.timedelta(days=1270 * turn) for turn in range(3)]
        for turn, start in enumerate(starts):
            is_last = turn == len(starts) - 1
            if is_last and code in CHARGE_HEADED:
                person = self.person(code, email_domain=domain)
                self.post(person, rank=Rank.CHARGE_DAFFAIRES, start=start, head=True, mission=embassy)
                continue
            credentials = None if is_last and code in AWAITING_CREDENTIALS else start + datetime.timedelta(days=40)
            if is_last and code in AWAITING_CREDENTIALS:
                start = datetime.date(2026, 10, 1)
            person = self.person(code, honorific="H.E.", honorific_ja="閣下", email_domain=domain)
            self.post(person, rank=Rank.AMBASSADOR, start=start, credentials=credentials, head=True, mission=embassy)
        # Diplomats: the minister served at the embassy's consulate or at home before coming to Tokyo.
        minister = self.person(code, email_domain=domain)
        consulate = embassy.subordinate_missions.first()
        if consulate:
            self.post(
                minister,
                rank=Rank.CONSUL,
                start=datetime.date(2018, 4, 1),
                end=datetime.date(2022, 3, 31),
                mission=consulate,
            )
        self.post(minister, rank=Rank.MINISTER, start=datetime.date(2022, 4, 1), mission=embassy)
        if index % 2 == 0:
            secretary = self.person(code, email_domain=domain)
            rank = [Rank.COUNSELLOR, Rank.FIRST_SECRETARY, Rank.SECOND_SECRETARY][index % 3]
            self.post(
                secretary, rank=rank, start=datetime.date(2023, 9, 1) + datetime.timedelta(days=index), mission=embassy
            )

    def _other_mission(self, mission: Mission) -> None:
        code = mission.country.code
        if mission.kind == "consulate_general":
            rank = Rank.CONSUL_GENERAL
        elif mission.kind == "honorary_consulate":
            rank, code = Rank.HONORARY_CONSUL, "JP"  # honorary consuls are usually local business leaders
        else:
            rank = Rank.DIRECTOR
        head = self.person(code, email_domain=f"{mission.country.code.lower()}-office.example")
        self.post(head, rank=rank, start=datetime.date(2023, 4, 1), head=True, mission=mission)

    def _region(self, region: PartnerRegion) -> None:
        code = region.country.code
        domain = f"{region.slug}.gov.example"
        governor = self.person(code, email_domain=domain, honorific="H.E.")
        self.post(governor, rank=Rank.GOVERNOR, start=datetime.date(2022, 7, 1), region=region)
        contact = self.person(code, email_domain=domain)
        self.post(contact, rank=Rank.MANAGER, start=datetime.date(2024, 4, 1), region=region)

    def _organization(self, organization: Organization) -> None:
        code = organization.country.code
        leader = self.person(code, email_domain=f"org{organization.pk}.example")
        self.post(
            leader,
            rank=Rank.DIRECTOR,
            start=datetime.date(2021, 4, 1),
            title=("Director-General", "所長"),
            organization=organization,
        )


def _ascii_slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "", folded)


def _seed_bulk(scale: int) -> tuple[int, int]:
    """Synthetic people, each with a current post at a synthetic body; raw bulk inserts (see partners.demo).

    Names repeat, as they do in real life; people are numbered through their e-mail addresses, so a re-run
    adds only what is missing.
    """
    target = (scale - 1) * BULK_PEOPLE_PER_UNIT
    have = Person.objects.filter(notes=BULK_MARKER).count()
    if have >= target:
        return 0, 0
    countries = {country.code: country.pk for country in Country.objects.all()}
    bodies = [
        *(("organization", pk) for pk in Organization.objects.filter(notes=BULK_MARKER).values_list("pk", flat=True)),
        *(("region", pk) for pk in PartnerRegion.objects.filter(notes=BULK_MARKER).values_list("pk", flat=True)),
        *(("mission", pk) for pk in Mission.objects.filter(address=BULK_MARKER).values_list("pk", flat=True)),
    ]
    if not bodies:
        return 0, 0
    pool_codes = sorted(code for code in POOL_OF_COUNTRY if code in countries)
    now = timezone.now()
    documents = {}
    people = []
    for index in range(have, target):
        code = pool_codes[index % len(pool_codes)]
        order, families, givens = POOLS[POOL_OF_COUNTRY[code]]
        family = families[(index // len(pool_codes)) % len(families)]
        given = givens[(index // (len(pool_codes) * len(families))) % len(givens)]
        row = {
            "family_name": family[0],
            "given_name": given[0],
            "family_name_latin": family[1],
            "given_name_latin": given[1],
            "family_name_kana": family[2],
            "given_name_kana": given[2],
            "name_order": order,
            "honorific_prefix": "",
            "honorific_suffix_ja": "",
            "languages": "",
            "nationality": countries[code],
            "photo": None,
            "notes": BULK_MARKER,
            "created_at": now,
            "updated_at": now,
        }
        # Names repeat, so their search documents are computed once per name.
        key = (family, given, order)
        if key not in documents:
            documents[key] = search_document_for(Person, row)
        row["search_document"] = documents[key]
        people.append(row)
    insert_rows(Person, people)
    new_ids = list(Person.objects.filter(notes=BULK_MARKER).order_by("id").values_list("id", flat=True))[have:]
    posts, emails = [], []
    for index, person_id in enumerate(new_ids, start=have):
        kind, body_id = bodies[index % len(bodies)]
        posts.append(
            {
                "person": person_id,
                "mission": body_id if kind == "mission" else None,
                "organization": body_id if kind == "organization" else None,
                "region": body_id if kind == "region" else None,
                "title": "Manager, International Business",
                "title_ja": "国際事業担当マネージャー",
                "rank": Rank.MANAGER,
                "is_head_of_mission": False,
                "start_date": datetime.date(2020, 4, 1) + datetime.timedelta(days=index % 1500),
                "end_date": None,
                "credentials_presented_on": None,
                "predecessor": None,
            }
        )
        emails.append(
            {
                "person": person_id,
                "label": ContactLabel.WORK,
                "address": f"contact{index:06d}@bulk.example",
                "sort_order": 0,
            }
        )
    insert_rows(Post, posts)
    insert_rows(PersonEmail, emails)
    return len(new_ids), len(posts)
