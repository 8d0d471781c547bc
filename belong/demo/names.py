"""Names for the synthetic people of the demo school.

Drawn uniformly and independently of everything else about a person: a name
says nothing about anyone's self-identification, and no list is tied to a
group. The lists are broad on purpose so that the demo looks like a school in
a diverse place; every person in the demo is invented.
"""

from __future__ import annotations

import unicodedata

import numpy as np

GIVEN_NAMES: tuple[str, ...] = (
    "Aaliyah", "Aarav", "Abdullah", "Abebe", "Ada", "Adebayo", "Adriana", "Ahmed",
    "Aiko", "Aisha", "Alejandro", "Alex", "Alexei", "Ali", "Amara", "Amina", "Ana",
    "Ananya", "Andrés", "Anika", "Anna", "Aoife", "Arjun", "Aroha", "Ashley", "Astrid",
    "Ayesha", "Bao", "Beatriz", "Bilal", "Bongani", "Camila", "Carlos", "Chidi",
    "Chioma", "Chloé", "Christopher", "Ciara", "Daniel", "Darius", "Dawit", "Deepa",
    "DeShawn", "Diego", "Dmitri", "Duc", "Elena", "Elif", "Emeka", "Emily", "Esi",
    "Esperanza", "Ethan", "Ewa", "Farah", "Fatima", "Femi", "Fernando", "Fiona",
    "Freya", "Gabriel", "Grace", "Greta", "Giulia", "Hana", "Hannah", "Haruto",
    "Hassan", "Hemi", "Hiroshi", "Hiwot", "Hoa", "Hugo", "Hyun-woo", "Ibrahim",
    "Ifeoma", "Imani", "Inés", "Ingrid", "Isaac", "Isabel", "Jamal", "James",
    "Jasmine", "Javier", "Jennifer", "Jessica", "Ji-ho", "Jia", "Jin", "João",
    "Jordan", "Joseph", "Kai", "Kalani", "Kamala", "Karim", "Katarzyna", "Kavya",
    "Kayla", "Keisha", "Kenji", "Keoni", "Khadija", "Kiri", "Kofi", "Kwame",
    "Laila", "Lakshmi", "Lars", "Latoya", "Layla", "Leilani", "Lena", "Liam",
    "Lina", "Linh", "Louis", "Lucía", "Luis", "Magnus", "Mai", "Makoa", "Malik",
    "Manuel", "Marco", "Marcus", "Margaux", "Mariam", "Marisol", "Mateo", "Matthew",
    "Maya", "Mei", "Mekdes", "Michael", "Min-jun", "Mohammed", "Nadia", "Naledi",
    "Nam", "Ngoc", "Ngozi", "Nia", "Niamh", "Nikhil", "Noah", "Noor", "Olga",
    "Oluwaseun", "Omar", "Paolo", "Pedro", "Peter", "Piotr", "Priya", "Quinn",
    "Rafael", "Rahul", "Rania", "Ravi", "Reza", "River", "Robin", "Rohan", "Rosa",
    "Sakura", "Salma", "Sam", "Samuel", "Sana", "Santiago", "Sara", "Sean", "Sefa",
    "Selam", "Seo-yeon", "Shira", "Siddharth", "Sina", "Siobhan", "Sofia", "Sven",
    "Tahmina", "Takeshi", "Tala", "Tam", "Tane", "Tariq", "Taylor", "Terrence",
    "Tevita", "Thandiwe", "Thomas", "Tomás", "Tuan", "Tyler", "Usha", "Valentina",
    "Wei", "Wren", "Xiomara", "Yara", "Yasmin", "Youssef", "Yusuf", "Zainab", "Zhi",
    "Ziva",
)  # fmt: skip

FAMILY_NAMES: tuple[str, ...] = (
    "Abe", "Achieng", "Adams", "Adeyemi", "Ahmed", "Ali", "Allen", "Andersen",
    "Anderson", "Aquino", "Asante", "Bakker", "Balogun", "Banda", "Banerjee",
    "Bautista", "Begay", "Bianchi", "Boateng", "Bose", "Brown", "Byrne", "Campbell",
    "Carter", "Castillo", "Chavez", "Chen", "Choi", "Chowdhury", "Clark", "Cohen",
    "Costa", "Cruz", "Das", "Davis", "De Vries", "Dela Cruz", "Demir", "Diallo",
    "Dlamini", "D'Souza", "Dubois", "Eze", "Farah", "Fernandes", "Ferreira",
    "Fischer", "Flores", "Fonoti", "Friedman", "García", "Georgiou", "Girma",
    "Goldberg", "Gonzalez", "Green", "Gupta", "Gutierrez", "Haddad", "Haile", "Hall",
    "Harris", "Hassan", "Hernández", "Hill", "Horvat", "Hossain", "Hosseini",
    "Huang", "Huynh", "Ionescu", "Ito", "Iyer", "Jackson", "Jansen", "Johansson",
    "Johnson", "Jones", "Jovanović", "Jung", "Kahananui", "Kamau", "Kang",
    "Kapoor", "Karimi", "Kaur", "Kaya", "Kealoha", "Kelly", "Khan", "Khoury", "Kim",
    "King", "Kowalski", "Lambert", "Laurent", "Le", "Lee", "Levi", "Lewis", "Li",
    "Lindqvist", "Liu", "Lopez", "MacDonald", "Mansour", "Martin", "Martinez",
    "Mendoza", "Menon", "Mensah", "Miller", "Mitchell", "Mokoena", "Moore",
    "Morales", "Moreau", "Moyo", "Mukherjee", "Müller", "Murphy", "Mwangi",
    "Nakamura", "Nakashima", "Nasser", "Ndlovu", "Nelson", "Nguyen", "Nielsen",
    "Nkosi", "Novak", "Nowak", "Obi", "O'Brien", "Ogunleye", "Okafor", "Okonkwo",
    "Oliveira", "Ortiz", "Otieno", "Owusu", "Papadopoulos", "Park", "Patel",
    "Pereira", "Perez", "Petrov", "Pham", "Phiri", "Pillai", "Popescu", "Rahman",
    "Ramirez", "Ramos", "Reddy", "Reyes", "Rivera", "Roberts", "Robinson",
    "Rodriguez", "Romano", "Rossi", "Rostami", "Ruiz", "Russo", "Sanchez", "Santos",
    "Sato", "Schmidt", "Schneider", "Scott", "Shah", "Silva", "Singh", "Smith",
    "Sokolov", "Suzuki", "Takahashi", "Tanaka", "Taufa", "Taylor", "Tesfaye",
    "Thomas", "Thompson", "Torres", "Tran", "Tsosie", "Tuilagi", "Van der Merwe",
    "Vargas", "Visser", "Vo", "Walker", "Wang", "Watanabe", "Weber", "White",
    "Williams", "Wilson", "Wright", "Wu", "Yang", "Yazzie", "Yilmaz", "Young",
    "Zhang", "Zhao",
)  # fmt: skip


def ascii_slug(name: str) -> str:
    """``"Jovanović"`` → ``"jovanovic"``, ``"D'Souza"`` → ``"dsouza"``: for e-mail addresses."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def draw_names(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices into :data:`GIVEN_NAMES` and :data:`FAMILY_NAMES` for ``n`` people."""
    return (
        rng.integers(0, len(GIVEN_NAMES), n),
        rng.integers(0, len(FAMILY_NAMES), n),
    )
