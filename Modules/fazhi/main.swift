import FazhiYAML
print("placeholder")
